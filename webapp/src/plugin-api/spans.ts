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
