import { describe, expect, it } from 'vitest';

import {
  codePointToUtf16,
  createOffsetIndex,
  sliceCodePoints,
  spanFromUtf16,
  utf16ToCodePoint,
} from './spans';

// "😀" is one code point and two UTF-16 units; "é" (precomposed) is one of each.
const TEXT = 'Hi 😀 Zoë and 🎉🎉 Ada';

describe('UTF-16 and code point offsets', () => {
  it('counts an emoji as one code point', () => {
    const adaUnits = TEXT.indexOf('Ada');

    expect(adaUnits).toBe(19);
    expect(utf16ToCodePoint(TEXT, adaUnits)).toBe(16);
    expect(codePointToUtf16(TEXT, 16)).toBe(adaUnits);
  });

  it('round-trips every code point offset', () => {
    const points = Array.from(TEXT).length;
    for (let offset = 0; offset <= points; offset += 1) {
      expect(utf16ToCodePoint(TEXT, codePointToUtf16(TEXT, offset))).toBe(offset);
    }
  });

  it('gives the span of a selection in code points with its text', () => {
    const start = TEXT.indexOf('Zoë');
    const end = TEXT.indexOf(' Ada');

    expect(spanFromUtf16(TEXT, start, end)).toEqual({ start: 5, end: 15, text: 'Zoë and 🎉🎉' });
    expect(sliceCodePoints(TEXT, 5, 15)).toBe('Zoë and 🎉🎉');
  });

  it('accepts a backwards selection and refuses an empty one', () => {
    expect(spanFromUtf16(TEXT, 5, 3)).toEqual({ start: 3, end: 4, text: '😀' });
    expect(spanFromUtf16(TEXT, 4, 4)).toBeNull();
  });

  it('widens a selection that ends inside an emoji to the whole emoji', () => {
    const emoji = TEXT.indexOf('😀');

    expect(spanFromUtf16(TEXT, emoji, emoji + 1)).toEqual({ start: 3, end: 4, text: '😀' });
  });
});

describe('createOffsetIndex', () => {
  it('converts every offset as the walking functions do', () => {
    const index = createOffsetIndex(TEXT);
    for (let unit = 0; unit <= TEXT.length; unit += 1) {
      expect(index.toCodePoint(unit)).toBe(utf16ToCodePoint(TEXT, unit));
    }
    for (let point = 0; point <= Array.from(TEXT).length; point += 1) {
      expect(index.toUtf16(point)).toBe(codePointToUtf16(TEXT, point));
    }
  });

  it('is the identity for a text without surrogate pairs', () => {
    const index = createOffsetIndex('plain text');

    expect(index.toCodePoint(4)).toBe(4);
    expect(index.toUtf16(7)).toBe(7);
  });
});
