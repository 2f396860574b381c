import { describe, expect, it } from 'vitest';

import { buildingText, sortedKeysOf, taskListPath, totalText } from './TaskTable';

function queryOf(path: string) {
  const raw = new URL(path, 'http://localhost').searchParams.get('query');
  return raw === null ? null : JSON.parse(raw);
}

describe('taskListPath', () => {
  it('asks for a plain page without a query when nothing is filtered or sorted', () => {
    const path = taskListPath(7, 2, null, null);

    expect(path).toBe('/api/tasks/?project=7&page=2&page_size=30');
    expect(queryOf(path)).toBeNull();
  });

  it("sends Label Studio's filter item and ordering for a data key", () => {
    const query = queryOf(
      taskListPath(7, 1, { column: 'data.section', operator: 'equal', value: 'libs' }, '-tasks:id'),
    );

    expect(query).toEqual({
      filters: {
        conjunction: 'and',
        items: [
          { filter: 'filter:tasks:data.section', operator: 'equal', type: 'String', value: 'libs' },
        ],
      },
      ordering: ['-tasks:id'],
    });
  });

  it('compares numbers as numbers, on counts and on data keys given a number', () => {
    const counts = queryOf(
      taskListPath(1, 1, { column: 'total_annotations', operator: 'equal', value: '2' }, null),
    );
    const dataKey = queryOf(
      taskListPath(1, 1, { column: 'data.n', operator: 'greater', value: '50000' }, null),
    );
    const text = queryOf(
      taskListPath(1, 1, { column: 'data.n', operator: 'equal', value: '50000' }, null),
    );

    expect(counts.filters.items[0]).toMatchObject({ type: 'Number', value: 2 });
    expect(dataKey.filters.items[0]).toMatchObject({ type: 'Number', value: 50000 });
    expect(text.filters.items[0]).toMatchObject({ type: 'String', value: '50000' });
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
