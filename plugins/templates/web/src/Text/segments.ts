import { codePointToUtf16, createOffsetIndex } from '@labelcore/plugin-api';
import type { OffsetIndex } from '@labelcore/plugin-api';

export interface Span {
  id: string;
  /** Code point offsets, as results store them. */
  start: number;
  end: number;
}

export interface Segment {
  /** Where the piece starts in the text, in UTF-16 units. */
  from: number;
  text: string;
  /** The spans covering this piece, shortest first (the one a click picks). */
  spanIds: string[];
  /** The spans that end with this piece, for their label tags. */
  endingIds: string[];
}

/**
 * The text cut at every span boundary, each piece knowing which spans cover it. One sweep
 * over the sorted boundaries: a long text with thousands of spans costs milliseconds.
 */
export function buildSegments(
  text: string,
  spans: readonly Span[],
  index: OffsetIndex = createOffsetIndex(text),
  /** More places (UTF-16) where pieces must end, such as the starts of text blocks. */
  extraCuts: readonly number[] = [],
): Segment[] {
  const units = spans
    .map((span) => ({
      id: span.id,
      from: Math.min(index.toUtf16(span.start), text.length),
      to: Math.min(index.toUtf16(span.end), text.length),
    }))
    .filter((span) => span.to > span.from);
  const cuts = new Set<number>([0, text.length, ...extraCuts.filter((at) => at < text.length)]);
  for (const span of units) {
    cuts.add(span.from);
    cuts.add(span.to);
  }
  const ordered = [...cuts].sort((a, b) => a - b);
  const starting = new Map<number, typeof units>();
  for (const span of units) starting.set(span.from, [...(starting.get(span.from) ?? []), span]);

  const segments: Segment[] = [];
  let active: typeof units = [];
  for (let at = 0; at + 1 < ordered.length; at += 1) {
    const from = ordered[at] ?? 0;
    const to = ordered[at + 1] ?? 0;
    active = active.filter((span) => span.to > from);
    active.push(...(starting.get(from) ?? []));
    const covering =
      active.length > 1 ? [...active].sort((a, b) => a.to - a.from - (b.to - b.from)) : active;
    segments.push({
      from,
      text: text.slice(from, to),
      spanIds: covering.map((span) => span.id),
      endingIds: covering.filter((span) => span.to === to).map((span) => span.id),
    });
  }
  return segments;
}

/** The selection's UTF-16 offsets with white space at either edge left out. */
export function trimSelection(text: string, from: number, to: number): [number, number] {
  let start = Math.min(from, to);
  let end = Math.max(from, to);
  while (start < end && /\s/.test(text[start] ?? '')) start += 1;
  while (end > start && /\s/.test(text[end - 1] ?? '')) end -= 1;
  return [start, end];
}

const WORD = /[\p{L}\p{N}\p{M}_'’-]/u;

/** The selection widened to whole words (`granularity="word"`), in UTF-16 units. */
export function snapToWords(text: string, from: number, to: number): [number, number] {
  let start = Math.min(from, to);
  let end = Math.max(from, to);
  while (start > 0 && WORD.test(text[start - 1] ?? '') && WORD.test(text[start] ?? '')) start -= 1;
  while (end < text.length && WORD.test(text[end] ?? '') && WORD.test(text[end - 1] ?? ''))
    end += 1;
  return trimSelection(text, start, end);
}

export { codePointToUtf16 };
