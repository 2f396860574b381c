import { codePointToUtf16 } from '@labelcore/plugin-api';

export interface Span {
  id: string;
  /** Code point offsets, as results store them. */
  start: number;
  end: number;
}

export interface Segment {
  text: string;
  /** The spans covering this piece, shortest first (the one a click picks). */
  spanIds: string[];
  /** The spans that end with this piece, for their label tags. */
  endingIds: string[];
}

/** The text cut at every span boundary, each piece knowing which spans cover it. */
export function buildSegments(text: string, spans: readonly Span[]): Segment[] {
  const units = spans.map((span) => ({
    ...span,
    from: codePointToUtf16(text, span.start),
    to: codePointToUtf16(text, span.end),
  }));
  const cuts = new Set<number>([0, text.length]);
  for (const span of units) {
    cuts.add(Math.min(span.from, text.length));
    cuts.add(Math.min(span.to, text.length));
  }
  const ordered = [...cuts].sort((a, b) => a - b);

  const segments: Segment[] = [];
  for (let index = 0; index + 1 < ordered.length; index += 1) {
    const from = ordered[index] ?? 0;
    const to = ordered[index + 1] ?? 0;
    if (to <= from) continue;
    const covering = units
      .filter((span) => span.from <= from && span.to >= to)
      .sort((a, b) => a.to - a.from - (b.to - b.from));
    segments.push({
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
