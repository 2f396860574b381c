/** Where a long text is cut into blocks: after each newline, and at a space once a
 * paragraph passes `longest` units, so that a change relays out one block, not the text. */
export function blockStarts(text: string, longest = 2000): number[] {
  const starts = [0];
  let blockStart = 0;
  for (let unit = 0; unit < text.length; unit += 1) {
    const newline = text[unit] === '\n';
    const tooLong = unit - blockStart >= longest && text[unit] === ' ';
    if ((newline || tooLong) && unit + 1 < text.length) {
      blockStart = unit + 1;
      starts.push(blockStart);
    }
  }
  return starts;
}
