import { describe, expect, it } from 'vitest';

import { PLAIN_TABLE, stateOf, viewData } from './tableViews';
import type { TableState } from './tableViews';

describe('saved data-manager tabs', () => {
  it('keep the filters, the ordering and the hidden columns in Label Studio shape', () => {
    const state: TableState = {
      filters: {
        conjunction: 'or',
        rows: [
          { column: 'data.section', type: 'String', operator: 'equal', value: 'libs', to: '' },
          { column: 'data.n', type: 'Number', operator: 'between', value: '10', to: '20' },
        ],
      },
      ordering: '-tasks:id',
      hidden: ['tasks:total_predictions'],
    };

    const data = viewData('Libraries', state);

    expect(data).toEqual({
      title: 'Libraries',
      filters: {
        conjunction: 'or',
        items: [
          { filter: 'filter:tasks:data.section', operator: 'equal', type: 'String', value: 'libs' },
          {
            filter: 'filter:tasks:data.n',
            operator: 'in',
            type: 'Number',
            value: { min: 10, max: 20 },
          },
        ],
      },
      ordering: ['-tasks:id'],
      hiddenColumns: { explore: ['tasks:total_predictions'] },
    });
    expect(stateOf(data)).toEqual(state);
  });

  it('reads a tab with nothing in it as the plain table', () => {
    expect(stateOf({ title: 'Default' })).toEqual(PLAIN_TABLE);
    expect(viewData('Default', PLAIN_TABLE)).toEqual({
      title: 'Default',
      filters: { conjunction: 'and', items: [] },
      ordering: [],
    });
  });
});
