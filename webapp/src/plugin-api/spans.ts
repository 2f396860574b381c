// Browsers count text in UTF-16 code units; Label Studio's results and the server count
// Unicode code points. An emoji is two units and one point, so offsets must be converted.

/** The code point offset of a UTF-16 offset into `text`. */
export function utf16ToCodePoint(text: string, utf16Offset: number): number {
  let points = 0;
  let units = 0;
  while (units < utf16Offset && units < text.length) {
    const code = text.codePointAt(units) ?? 0;
    units += code > 0xffff ? 2 : 1;
    points += 1;
  }
  return points;
}

/** The UTF-16 offset of a code point offset into `text`. */
export function codePointToUtf16(text: string, codePointOffset: number): number {
  let units = 0;
  for (let points = 0; points < codePointOffset && units < text.length; points += 1) {
    const code = text.codePointAt(units) ?? 0;
    units += code > 0xffff ? 2 : 1;
  }
  return units;
}

/** The text between two code point offsets. */
export function sliceCodePoints(text: string, start: number, end: number): string {
  return text.slice(codePointToUtf16(text, start), codePointToUtf16(text, end));
}

export interface SpanValue {
  start: number;
  end: number;
  text: string;
}

/**
 * The span value of a selection given in UTF-16 offsets, in code points, with the covered
 * text. A selection that ends inside a surrogate pair is widened to the whole character.
 * Returns `null` for an empty selection.
 */
export function spanFromUtf16(text: string, startUnit: number, endUnit: number): SpanValue | null {
  const low = Math.max(0, Math.min(startUnit, endUnit));
  const high = Math.min(text.length, Math.max(startUnit, endUnit));
  const start = utf16ToCodePoint(text, low);
  const end = utf16ToCodePoint(text, high);
  if (end <= start) return null;
  return { start, end, text: sliceCodePoints(text, start, end) };
}

/** Offsets converted both ways in log time, for long texts with many spans. */
export interface OffsetIndex {
  toCodePoint(utf16Offset: number): number;
  toUtf16(codePointOffset: number): number;
}

function countBelow(sorted: readonly number[], limit: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((sorted[middle] ?? 0) < limit) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * An index of the characters outside the Basic Multilingual Plane (two UTF-16 units each),
 * so that converting an offset costs a binary search, not a walk through the text. A text
 * without such characters converts by identity.
 */
export function createOffsetIndex(text: string): OffsetIndex {
  const pairs: number[] = [];
  for (let unit = 0; unit < text.length; unit += 1) {
    const code = text.charCodeAt(unit);
    if (code >= 0xd800 && code <= 0xdbff && unit + 1 < text.length) {
      pairs.push(unit);
      unit += 1;
    }
  }
  if (pairs.length === 0) {
    const clamp = (offset: number) => Math.max(0, Math.min(offset, text.length));
    return { toCodePoint: clamp, toUtf16: clamp };
  }
  // The code point position of each pair: its unit position less the pairs before it.
  const pointsOfPairs = pairs.map((unit, index) => unit - index);
  const points = text.length - pairs.length;
  return {
    toCodePoint(utf16Offset) {
      const units = Math.max(0, Math.min(utf16Offset, text.length));
      // A pair is passed once the offset reaches its second unit (an offset inside a pair
      // counts the whole character, as a selection widened to it).
      return units - countBelow(pairs, units - 1);
    },
    toUtf16(codePointOffset) {
      const offset = Math.max(0, Math.min(codePointOffset, points));
      return offset + countBelow(pointsOfPairs, offset);
    },
  };
}
