import { describe, expect, it } from 'vitest';

import { NOTHING, isSelected, selectedCount, selectedItems, toggle } from './taskSelection';

describe('data-manager selection', () => {
  it('lists picked ids, in order, as Label Studio sends them', () => {
    const picked = toggle(toggle(toggle(NOTHING, 9), 3), 9);

    expect(selectedItems(picked)).toEqual({ all: false, included: [3] });
    expect(isSelected(picked, 3)).toBe(true);
    expect(isSelected(picked, 9)).toBe(false);
    expect(selectedCount(picked, 500)).toBe(1);
  });

  it('with every matching task chosen, a click leaves a task out', () => {
    const everything = toggle({ all: true, ids: new Set() }, 4);

    expect(selectedItems(everything)).toEqual({ all: true, excluded: [4] });
    expect(isSelected(everything, 4)).toBe(false);
    expect(isSelected(everything, 5)).toBe(true);
    expect(selectedCount(everything, 1_000_000)).toBe(999_999);
  });
});
