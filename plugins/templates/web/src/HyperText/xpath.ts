// HyperText spans are stored as Label Studio writes them: an XPath to the text node where
// each end lies (`/p[1]/text()[1]`, from the content root), the offset inside that node,
// and `globalOffsets` into the whole text content. Offsets count code points.

import { createOffsetIndex } from '@labelcore/plugin-api';

function step(node: Node): string {
  const parent = node.parentNode;
  if (node.nodeType === Node.TEXT_NODE) {
    const texts = parent
      ? Array.from(parent.childNodes).filter((child) => child.nodeType === Node.TEXT_NODE)
      : [node];
    return `text()[${texts.indexOf(node as ChildNode) + 1}]`;
  }
  const element = node as Element;
  const name = element.tagName.toLowerCase();
  const same = parent
    ? Array.from(parent.children).filter((child) => child.tagName === element.tagName)
    : [element];
  return `${name}[${same.indexOf(element) + 1}]`;
}

/** The XPath of `node` below `root`. */
export function xpathOf(root: Node, node: Node): string {
  const steps: string[] = [];
  for (let current: Node | null = node; current && current !== root; current = current.parentNode) {
    steps.unshift(step(current));
  }
  return `/${steps.join('/')}`;
}

/** The UTF-16 offset of a DOM position within the text content of `root`. */
export function textOffset(root: Node, container: Node, offset: number): number {
  const range = document.createRange();
  range.selectNodeContents(root);
  range.setEnd(container, offset);
  return range.toString().length;
}

/** A DOM position as a text node and an offset in it (an element position goes inside). */
function textPosition(container: Node, offset: number): { node: Node; offset: number } {
  if (container.nodeType === Node.TEXT_NODE) return { node: container, offset };
  const child =
    container.childNodes[offset] ?? container.childNodes[container.childNodes.length - 1];
  if (!child) return { node: container, offset: 0 };
  const walker = document.createTreeWalker(child, NodeFilter.SHOW_TEXT);
  const text = walker.nextNode();
  return text ? { node: text, offset: 0 } : { node: container, offset: 0 };
}

export interface HyperTextSpan {
  start: string;
  end: string;
  startOffset: number;
  endOffset: number;
  globalOffsets: { start: number; end: number };
  text: string;
}

/** The span value of a browser range inside `root`. */
export function spanOfRange(root: HTMLElement, range: Range): HyperTextSpan | null {
  const content = root.textContent ?? '';
  const index = createOffsetIndex(content);
  const from = textOffset(root, range.startContainer, range.startOffset);
  const to = textOffset(root, range.endContainer, range.endOffset);
  if (to <= from) return null;
  const start = textPosition(range.startContainer, range.startOffset);
  const end = textPosition(range.endContainer, range.endOffset);
  const local = (node: Node, at: number) =>
    createOffsetIndex(node.textContent ?? '').toCodePoint(at);
  return {
    start: xpathOf(root, start.node),
    end: xpathOf(root, end.node),
    startOffset: local(start.node, start.offset),
    endOffset: local(end.node, end.offset),
    globalOffsets: { start: index.toCodePoint(from), end: index.toCodePoint(to) },
    text: content.slice(from, to),
  };
}

/** Wraps the text between two global code point offsets of `root` in marks. */
export function markRange(
  root: HTMLElement,
  start: number,
  end: number,
  make: () => HTMLElement,
): HTMLElement[] {
  const index = createOffsetIndex(root.textContent ?? '');
  const from = index.toUtf16(start);
  const to = index.toUtf16(end);
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const pieces: { node: Text; low: number; high: number }[] = [];
  let seen = 0;
  for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
    const length = node.length;
    const low = Math.max(from, seen) - seen;
    const high = Math.min(to, seen + length) - seen;
    if (high > low) pieces.push({ node, low, high });
    seen += length;
    if (seen >= to) break;
  }
  return pieces.map(({ node, low, high }) => {
    const covered = node.splitText(low);
    covered.splitText(high - low);
    const mark = make();
    covered.parentNode?.insertBefore(mark, covered);
    mark.appendChild(covered);
    return mark;
  });
}
