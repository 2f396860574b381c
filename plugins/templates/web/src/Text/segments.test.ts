import { describe, expect, it } from 'vitest';

import { buildSegments, trimSelection } from './segments';

describe('buildSegments', () => {
  it('cuts the text at span edges given in code points, emoji included', () => {
    const text = '😀 Ada met 🎉 Bob';
    // "Ada" is code points 2-5 and "Bob" 12-15; in UTF-16 both sit one unit later per emoji.
    const segments = buildSegments(text, [
      { id: 'a', start: 2, end: 5 },
      { id: 'b', start: 12, end: 15 },
    ]);

    expect(segments).toEqual([
      { text: '😀 ', spanIds: [], endingIds: [] },
      { text: 'Ada', spanIds: ['a'], endingIds: ['a'] },
      { text: ' met 🎉 ', spanIds: [], endingIds: [] },
      { text: 'Bob', spanIds: ['b'], endingIds: ['b'] },
    ]);
  });

  it('lists overlapping spans shortest first', () => {
    const segments = buildSegments('New York City', [
      { id: 'city', start: 0, end: 13 },
      { id: 'state', start: 0, end: 8 },
    ]);

    expect(segments).toEqual([
      { text: 'New York', spanIds: ['state', 'city'], endingIds: ['state'] },
      { text: ' City', spanIds: ['city'], endingIds: ['city'] },
    ]);
  });

  it('gives the whole text as one piece when nothing is marked', () => {
    expect(buildSegments('plain', [])).toEqual([{ text: 'plain', spanIds: [], endingIds: [] }]);
  });
});

describe('trimSelection', () => {
  it('leaves out white space at the edges of a selection', () => {
    expect(trimSelection('  Ada  Lovelace ', 0, 16)).toEqual([2, 15]);
    expect(trimSelection('a b', 2, 1)).toEqual([2, 2]);
  });
});
