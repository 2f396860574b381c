import { describe, expect, it } from 'vitest';

import { blockStarts } from './blocks';
import { buildSegments, snapToWords, trimSelection } from './segments';

describe('buildSegments', () => {
  it('cuts the text at span edges given in code points, emoji included', () => {
    const text = '😀 Ada met 🎉 Bob';
    // "Ada" is code points 2-5 and "Bob" 12-15; in UTF-16 both sit one unit later per emoji.
    const segments = buildSegments(text, [
      { id: 'a', start: 2, end: 5 },
      { id: 'b', start: 12, end: 15 },
    ]);

    expect(segments).toEqual([
      { from: 0, text: '😀 ', spanIds: [], endingIds: [] },
      { from: 3, text: 'Ada', spanIds: ['a'], endingIds: ['a'] },
      { from: 6, text: ' met 🎉 ', spanIds: [], endingIds: [] },
      { from: 14, text: 'Bob', spanIds: ['b'], endingIds: ['b'] },
    ]);
  });

  it('lists overlapping spans shortest first', () => {
    const segments = buildSegments('New York City', [
      { id: 'city', start: 0, end: 13 },
      { id: 'state', start: 0, end: 8 },
    ]);

    expect(segments).toEqual([
      { from: 0, text: 'New York', spanIds: ['state', 'city'], endingIds: ['state'] },
      { from: 8, text: ' City', spanIds: ['city'], endingIds: ['city'] },
    ]);
  });

  it('gives the whole text as one piece when nothing is marked', () => {
    expect(buildSegments('plain', [])).toEqual([
      { from: 0, text: 'plain', spanIds: [], endingIds: [] },
    ]);
  });
});

describe('trimSelection', () => {
  it('leaves out white space at the edges of a selection', () => {
    expect(trimSelection('  Ada  Lovelace ', 0, 16)).toEqual([2, 15]);
    expect(trimSelection('a b', 2, 1)).toEqual([2, 2]);
  });
});

describe('snapToWords', () => {
  it('widens a selection to the words it touches', () => {
    const text = 'Grace Hopper wrote compilers.';

    expect(snapToWords(text, 2, 9)).toEqual([0, 12]);
    expect(snapToWords(text, 19, 21)).toEqual([19, 28]);
  });
});

describe('buildSegments at scale', () => {
  it('cuts a long text with thousands of spans quickly and exactly', () => {
    const text = 'word '.repeat(40_000);
    const spans = Array.from({ length: 2000 }, (_, n) => ({
      id: `s${n}`,
      start: n * 50,
      end: n * 50 + 4,
    }));

    const started = performance.now();
    const segments = buildSegments(text, spans);
    const took = performance.now() - started;

    expect(segments.filter((segment) => segment.spanIds.length === 1)).toHaveLength(2000);
    expect(segments.map((segment) => segment.text).join('')).toBe(text);
    expect(took).toBeLessThan(200);
  });
});

describe('blockStarts', () => {
  it('starts a block after each newline and at a space in a long paragraph', () => {
    expect(blockStarts('ab\ncd\nef')).toEqual([0, 3, 6]);
    expect(blockStarts('aaaa bbbb cccc', 4)).toEqual([0, 5, 10]);
    expect(blockStarts('no break')).toEqual([0]);
  });
});
