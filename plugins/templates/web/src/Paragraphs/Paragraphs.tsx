import { useMemo, useRef } from 'react';
import type { CSSProperties } from 'react';

import {
  controlOptions,
  createOffsetIndex,
  defineObjectTag,
  resolveData,
  useAnnotationState,
  withAlpha,
} from '@labelcore/plugin-api';
import type { ConfigNode, ResultItem, TagProps } from '@labelcore/plugin-api';

import { spanLabelsRenderer } from '../Labels/Labels';
import { buildSegments, trimSelection } from '../Text/segments';

export interface Paragraph {
  author: string;
  text: string;
}

export function paragraphsOf(
  node: ConfigNode,
  data: Readonly<Record<string, unknown>>,
): Paragraph[] {
  const raw = resolveData(data, node.attrs.value ?? '');
  const nameKey = node.attrs.nameKey ?? 'author';
  const textKey = node.attrs.textKey ?? 'text';
  if (!Array.isArray(raw)) return [];
  return raw.map((entry) => {
    const fields = (entry ?? {}) as Record<string, unknown>;
    return { author: String(fields[nameKey] ?? ''), text: String(fields[textKey] ?? '') };
  });
}

/** Where a DOM position is: which paragraph, and how far into its text (UTF-16). */
function positionOf(container: Node, offset: number): { index: number; offset: number } | null {
  const element = (
    container instanceof Element ? container : container.parentElement
  )?.closest<HTMLElement>('[data-paragraph]');
  if (!element) return null;
  const body = element.querySelector('.lc-paragraph-text');
  if (!body) return null;
  const range = document.createRange();
  range.selectNodeContents(body);
  try {
    range.setEnd(container, offset);
  } catch {
    return null;
  }
  return {
    index: Number(element.dataset.paragraph),
    offset: Math.min(range.toString().length, body.textContent?.length ?? 0),
  };
}

/** A span over paragraphs: indexes as Label Studio writes them, offsets in code points. */
export function paragraphSpan(
  paragraphs: readonly Paragraph[],
  from: { index: number; offset: number },
  to: { index: number; offset: number },
) {
  const [first, last] =
    from.index < to.index || (from.index === to.index && from.offset <= to.offset)
      ? [from, to]
      : [to, from];
  const startText = paragraphs[first.index]?.text ?? '';
  const endText = paragraphs[last.index]?.text ?? '';
  const startOffset = createOffsetIndex(startText).toCodePoint(first.offset);
  const endOffset = createOffsetIndex(endText).toCodePoint(last.offset);
  const pieces =
    first.index === last.index
      ? [Array.from(startText).slice(startOffset, endOffset).join('')]
      : [
          Array.from(startText).slice(startOffset).join(''),
          ...paragraphs.slice(first.index + 1, last.index).map((paragraph) => paragraph.text),
          Array.from(endText).slice(0, endOffset).join(''),
        ];
  return {
    start: String(first.index),
    end: String(last.index),
    startOffset,
    endOffset,
    text: pieces.join(''),
  };
}

function ParagraphsTag({ node, task, store, config, readOnly }: TagProps) {
  const name = node.attrs.name ?? '';
  const paragraphs = useMemo(() => paragraphsOf(node, task.data), [node, task]);
  const state = useAnnotationState(store);
  const root = useRef<HTMLDivElement>(null);
  const labelers = config
    .controlsFor(name)
    .filter((control) => controlOptions(control, 'Label', config, task).length > 0);
  const active = labelers.find((control) => state.activeLabels[control.attrs.name ?? '']);
  const spans = state.results.filter(
    (item) => item.to_name === name && item.value.startOffset !== undefined,
  );
  const colorOf = (item: ResultItem) => {
    const control = config.byName(item.from_name);
    const label = (item.value[item.type] as string[] | undefined)?.[0];
    const option =
      control &&
      controlOptions(control, 'Label', config, task).find((each) => each.value === label);
    return option?.color ?? '#4f46e5';
  };

  const mark = () => {
    const selection = window.getSelection();
    if (readOnly || !active || !selection || selection.isCollapsed || selection.rangeCount === 0)
      return;
    const range = selection.getRangeAt(0);
    const from = positionOf(range.startContainer, range.startOffset);
    const to = positionOf(range.endContainer, range.endOffset);
    selection.removeAllRanges();
    if (!from || !to) return;
    if (from.index === to.index) {
      const text = paragraphs[from.index]?.text ?? '';
      const [low, high] = trimSelection(text, from.offset, to.offset);
      if (high <= low) return;
      from.offset = low;
      to.offset = high;
    }
    const type = active.tag.toLowerCase();
    store.add({
      from_name: active.attrs.name ?? '',
      to_name: name,
      type,
      value: {
        ...paragraphSpan(paragraphs, from, to),
        [type]: [state.activeLabels[active.attrs.name ?? '']],
      },
      origin: 'manual',
    });
  };

  const dialogue = node.attrs.layout === 'dialogue';
  return (
    <div
      className={`lc-paragraphs ${dialogue ? 'lc-dialogue' : ''}`}
      data-name={name}
      ref={root}
      onMouseUp={mark}
    >
      {paragraphs.map((paragraph, index) => {
        const pieces = spans.flatMap((item) => {
          const first = Number(item.value.start);
          const last = Number(item.value.end);
          if (index < first || index > last) return [];
          const length = Array.from(paragraph.text).length;
          const start = index === first ? Number(item.value.startOffset) : 0;
          const end = index === last ? Number(item.value.endOffset) : length;
          return [{ id: item.id, start, end }];
        });
        const byId = new Map(spans.map((item) => [item.id, item]));
        return (
          <div key={index} className="lc-paragraph" data-paragraph={index}>
            {paragraph.author && <span className="lc-paragraph-author">{paragraph.author}</span>}
            <span className="lc-paragraph-text">
              {buildSegments(paragraph.text, pieces).map((segment) => {
                const first = segment.spanIds[0];
                const item = first ? byId.get(first) : undefined;
                if (!item) return <span key={segment.from}>{segment.text}</span>;
                const color = colorOf(item);
                const ending = segment.endingIds.length
                  ? segment.endingIds
                      .map(
                        (id) =>
                          (
                            byId.get(id)?.value[byId.get(id)?.type ?? ''] as string[] | undefined
                          )?.[0],
                      )
                      .join(', ')
                  : undefined;
                return (
                  <mark
                    key={segment.from}
                    className={`lc-span ${state.selectedId === first ? 'lc-span-selected' : ''}`}
                    style={
                      {
                        background: withAlpha(color, 0.22),
                        borderColor: color,
                        '--lc-label-color': color,
                      } as CSSProperties
                    }
                    data-label={index === Number(item.value.end) ? ending : undefined}
                    data-region-id={first}
                    onClick={() => store.select(first ?? null)}
                  >
                    {segment.text}
                  </mark>
                );
              })}
            </span>
          </div>
        );
      })}
    </div>
  );
}

export const paragraphsRenderer = defineObjectTag({
  component: ParagraphsTag,
  description:
    'Paragraphs or a dialogue (layout="dialogue"); ParagraphLabels mark spans across them.',
});

export const paragraphLabelsRenderer = spanLabelsRenderer(
  'paragraphlabels',
  'Span labels over Paragraphs: pick a label, then select.',
);
