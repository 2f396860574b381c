import { describe, expect, it } from 'vitest';

import { moveItem } from './Ranker';

describe('moveItem', () => {
  it('moves an item out of one bucket and into another at a position', () => {
    const buckets = { results: ['a', 'b', 'c'], relevant: ['d'] };

    expect(moveItem(buckets, 'b', 'relevant', 0)).toEqual({
      results: ['a', 'c'],
      relevant: ['b', 'd'],
    });
    expect(moveItem(buckets, 'c', 'results', 0)).toEqual({
      results: ['c', 'a', 'b'],
      relevant: ['d'],
    });
    expect(moveItem(buckets, 'a', 'new', 9)).toEqual({
      results: ['b', 'c'],
      relevant: ['d'],
      new: ['a'],
    });
  });
});
