import { describe, expect, it } from 'vitest';

import { paragraphSpan } from './Paragraphs';

const DIALOGUE = [
  { author: 'Ann', text: 'Hi 😀 there' },
  { author: 'Bob', text: 'Hello' },
  { author: 'Ann', text: 'Bye now' },
];

describe('paragraphSpan', () => {
  it('names paragraph indexes and code point offsets, in either direction', () => {
    const span = paragraphSpan(DIALOGUE, { index: 2, offset: 3 }, { index: 0, offset: 6 });

    expect(span).toEqual({
      start: '0',
      end: '2',
      startOffset: 5,
      endOffset: 3,
      text: 'thereHelloBye',
    });
  });
});
