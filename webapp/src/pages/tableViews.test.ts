import { describe, expect, it } from 'vitest';

import { stateOf, viewData } from './tableViews';

describe('saved data-manager tabs', () => {
  it('keep the filter, the ordering and the hidden columns in Label Studio shape', () => {
    const state = {
      filter: { column: 'data.section', operator: 'equal', value: 'libs' },
      ordering: '-tasks:id',
      hidden: ['Predictions'],
    };

    const data = viewData('Libraries', state);

    expect(data).toEqual({
      title: 'Libraries',
      filters: {
        conjunction: 'and',
        items: [
          { filter: 'filter:tasks:data.section', operator: 'equal', type: 'String', value: 'libs' },
        ],
      },
      ordering: ['-tasks:id'],
      hiddenColumns: { explore: ['Predictions'] },
    });
    expect(stateOf(data)).toEqual(state);
  });

  it('reads a tab with nothing in it as the plain table', () => {
    expect(stateOf({ title: 'Default' })).toEqual({ filter: null, ordering: null, hidden: [] });
  });
});
