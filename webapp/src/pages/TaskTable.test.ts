import { describe, expect, it } from 'vitest';

import { NO_FILTERS } from './filterModel';
import type { ColumnType } from './filterModel';
import { nextOrdering } from './tableColumns';
import { buildingText, sortedKeysOf, taskListPath, totalText } from './TaskTable';

function queryOf(path: string) {
  const raw = new URL(path, 'http://localhost').searchParams.get('query');
  return raw === null ? null : JSON.parse(raw);
}

const row = (column: string, type: ColumnType, operator: string, value: string, to = '') => ({
  column,
  type,
  operator,
  value,
  to,
});

describe('taskListPath', () => {
  it('asks for a plain page without a query when nothing is filtered or sorted', () => {
    const path = taskListPath(7, 2, { filters: NO_FILTERS, ordering: null });

    expect(path).toBe('/api/tasks/?project=7&page=2&page_size=30');
    expect(queryOf(path)).toBeNull();
  });

  it("sends Label Studio's filter items with their conjunction, and the ordering", () => {
    const filters = {
      conjunction: 'or' as const,
      rows: [
        row('data.section', 'String', 'equal', 'libs'),
        row('total_annotations', 'Number', 'greater', '2'),
      ],
    };

    const query = queryOf(taskListPath(7, 1, { filters, ordering: '-tasks:id' }));

    expect(query).toEqual({
      filters: {
        conjunction: 'or',
        items: [
          { filter: 'filter:tasks:data.section', operator: 'equal', type: 'String', value: 'libs' },
          {
            filter: 'filter:tasks:total_annotations',
            operator: 'greater',
            type: 'Number',
            value: 2,
          },
        ],
      },
      ordering: ['-tasks:id'],
    });
  });

  it('leaves out a row still being filled in, and asks for what the columns need', () => {
    const filters = { conjunction: 'and' as const, rows: [row('data.n', 'Number', 'equal', '')] };

    const path = taskListPath(3, 1, { filters, ordering: null }, '&fields=all&include=id');

    expect(queryOf(path)).toBeNull();
    expect(path).toContain('&fields=all&include=id');
  });
});

describe('nextOrdering', () => {
  it('goes ascending, descending, then back to no sort', () => {
    const name = 'tasks:total_annotations';

    expect(nextOrdering(null, name)).toBe(name);
    expect(nextOrdering(name, name)).toBe(`-${name}`);
    expect(nextOrdering(`-${name}`, name)).toBeNull();
    expect(nextOrdering('-tasks:id', name)).toBe(name);
  });
});

describe('totalText', () => {
  const page = { tasks: [], total: 1_000_000, total_annotations: 3, total_predictions: 10 };

  it('says a total the server is still counting is a lower bound', () => {
    expect(totalText({ ...page, total: 10_001, total_exact: false })).toBe('at least 10,001 tasks');
  });

  it('gives every count when the total is exact', () => {
    expect(totalText({ ...page, total_exact: true })).toBe(
      '1,000,000 tasks · 3 annotations · 10 predictions',
    );
  });
});

describe('data indexes', () => {
  const indexes = [
    { key: 'section', kind: 'value' as const, state: 'ready' as const },
    { key: 'n', kind: 'value' as const, state: 'building' as const },
    { key: 'text', kind: 'text' as const, state: 'ready' as const },
  ];

  it('sorts only by value indexes that are built', () => {
    expect(sortedKeysOf(indexes)).toEqual(['section']);
    expect(sortedKeysOf([{ key: 'old', kind: 'value' }])).toEqual(['old']);
  });

  it('says how far a building index got', () => {
    expect(
      buildingText({
        key: 'text',
        kind: 'text',
        state: 'building',
        progress: { done: 12_000, total: 40_000 },
      }),
    ).toBe('Indexing data.text for contains: 12,000 of 40,000 tasks');
    expect(buildingText({ key: 'n', kind: 'value', state: 'building' })).toBe(
      'Indexing data.n for filters and sorting…',
    );
  });
});
