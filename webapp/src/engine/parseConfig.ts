import type { ConfigNode } from '@labelcore/plugin-api';

export interface ParsedConfig {
  root: ConfigNode | null;
  /** An XML syntax error, with its line when the browser tells it. */
  error: { message: string; line: number | null; column: number | null } | null;
}

function toNode(element: Element): ConfigNode {
  const attrs: Record<string, string> = {};
  for (const attribute of Array.from(element.attributes)) attrs[attribute.name] = attribute.value;
  const children = Array.from(element.children).map(toNode);
  // Only leaf elements keep their text (the CSS of a Style tag, a Header's words).
  const text = children.length === 0 ? (element.textContent ?? '').trim() : '';
  return text
    ? { tag: element.tagName, attrs, children, text }
    : { tag: element.tagName, attrs, children };
}

/** The config as a tree of nodes, or the XML syntax error that stops it being one. */
export function parseConfig(xml: string): ParsedConfig {
  if (!xml.trim()) {
    return { root: null, error: { message: 'The config is empty.', line: 1, column: 1 } };
  }

  const document = new DOMParser().parseFromString(xml, 'application/xml');
  const failure = document.getElementsByTagName('parsererror')[0];
  if (failure) {
    const text = failure.textContent ?? 'The config is not well-formed XML.';
    const position = /line (\d+) at column (\d+)/i.exec(text) ?? /(\d+):(\d+)/.exec(text);
    const detail = text.replace(/^.*?error on line \d+ at column \d+:\s*/is, '').split('\n')[0];
    return {
      root: null,
      error: {
        message: `The config is not well-formed XML: ${detail?.trim() || text.trim()}`,
        line: position ? Number(position[1]) : null,
        column: position ? Number(position[2]) : null,
      },
    };
  }

  return { root: toNode(document.documentElement), error: null };
}
