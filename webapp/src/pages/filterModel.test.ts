import { describe, expect, it } from 'vitest';

import {
  filterItem,
  filterStateOf,
  filtersQuery,
  localInputTime,
  newRow,
  operatorsFor,
  queryProblems,
  rowOf,
  withColumn,
  withOperator,
} from './filterModel';
import type { ColumnType, FilterItem, FilterRow } from './filterModel';

const row = (
  column: string,
  type: ColumnType,
  operator: string,
  value = '',
  to = '',
): FilterRow => ({ column, type, operator, value, to });

const ids = (column: { id: string; type: ColumnType }) =>
  operatorsFor(column).map((choice) => choice.id);
const wires = (column: { id: string; type: ColumnType }) =>
  new Set(operatorsFor(column).map((choice) => choice.wire));

/** The operator names labelcore/datamanager/filters.py knows. */
const SERVER_OPERATORS = new Set([
  'equal',
  'not_equal',
  'less',
  'greater',
  'less_or_equal',
  'greater_or_equal',
  'in',
  'not_in',
  'between',
  'not_between',
  'in_list',
  'not_in_list',
  'contains',
  'not_contains',
  'starts_with',
  'empty',
]);

describe('operators per column type', () => {
  it('offers comparisons, ranges, lists and emptiness on numbers', () => {
    expect(ids({ id: 'total_annotations', type: 'Number' })).toEqual([
      'equal',
      'not_equal',
      'greater',
      'less',
      'greater_or_equal',
      'less_or_equal',
      'between',
      'not_between',
      'in',
      'not_in',
      'empty',
      'not_empty',
    ]);
  });

  it('offers text matches on strings, and no comparisons', () => {
    const offered = ids({ id: 'data.text', type: 'String' });

    expect(offered).toEqual([
      'contains',
      'not_contains',
      'starts_with',
      'equal',
      'not_equal',
      'in',
      'not_in',
      'empty',
      'not_empty',
    ]);
    expect(offered).not.toContain('greater');
  });

  it('offers before, after and between on times, and no equality', () => {
    const choices = operatorsFor({ id: 'updated_at', type: 'Datetime' });

    expect(choices.map((choice) => [choice.id, choice.label])).toEqual([
      ['greater', 'after'],
      ['less', 'before'],
      ['between', 'is between'],
      ['not_between', 'is not between'],
      ['empty', 'is empty'],
      ['not_empty', 'is not empty'],
    ]);
  });

  it('offers includes and emptiness on many-valued columns, yes or no on booleans', () => {
    expect(ids({ id: 'annotators', type: 'List' })).toEqual([
      'contains',
      'not_contains',
      'in',
      'empty',
      'not_empty',
    ]);
    expect(ids({ id: 'is_labeled', type: 'Boolean' })).toEqual(['equal', 'not_equal']);
  });

  it('searches result columns only by their text', () => {
    expect(ids({ id: 'annotations_results', type: 'String' })).toEqual([
      'contains',
      'not_contains',
      'empty',
      'not_empty',
    ]);
  });

  it("sends only names the server knows, Label Studio's for between and lists", () => {
    const types: ColumnType[] = ['Number', 'String', 'Datetime', 'Boolean', 'List', 'Unknown'];
    for (const type of types) {
      for (const wire of wires({ id: 'x', type })) expect(SERVER_OPERATORS).toContain(wire);
    }
    expect(filterItem(row('id', 'Number', 'between', '1', '5'))?.operator).toBe('in');
    expect(filterItem(row('id', 'Number', 'in', '1, 5'))?.operator).toBe('in_list');
    expect(filterItem(row('id', 'Number', 'not_in', '1'))?.operator).toBe('not_in_list');
  });
});

describe('serialising a row to a query item', () => {
  it('types numbers, ranges and lists', () => {
    expect(filterItem(row('data.n', 'Number', 'greater', ' 2.5 '))).toEqual({
      filter: 'filter:tasks:data.n',
      operator: 'greater',
      type: 'Number',
      value: 2.5,
    });
    expect(filterItem(row('data.n', 'Number', 'between', '10', '20'))?.value).toEqual({
      min: 10,
      max: 20,
    });
    expect(filterItem(row('id', 'Number', 'in', '3, 5,,7 '))?.value).toEqual([3, 5, 7]);
    expect(filterItem(row('data.tag', 'String', 'in', 'red, dark green'))?.value).toEqual([
      'red',
      'dark green',
    ]);
  });

  it('sends emptiness as true or false with no value input', () => {
    expect(filterItem(row('data.note', 'String', 'empty'))).toEqual({
      filter: 'filter:tasks:data.note',
      operator: 'empty',
      type: 'String',
      value: true,
    });
    expect(filterItem(row('data.note', 'String', 'not_empty'))?.value).toBe(false);
  });

  it('sends times in UTC and booleans as booleans', () => {
    const local = '2026-05-01T14:30';

    const item = filterItem(row('updated_at', 'Datetime', 'greater', local));

    expect(item?.value).toBe(new Date(local).toISOString());
    expect(filterItem(row('is_labeled', 'Boolean', 'equal', 'false'))?.value).toBe(false);
  });

  it('sends user ids as numbers and model versions as names', () => {
    expect(filterItem(row('annotators', 'List', 'contains', '4'))?.value).toBe(4);
    expect(filterItem(row('predictions_model_versions', 'List', 'in', 'v1, 2'))?.value).toEqual([
      'v1',
      2,
    ]);
  });

  it('lets the server judge text typed where a number belongs', () => {
    expect(filterItem(row('id', 'Number', 'in', '1, x'))?.value).toEqual([1, 'x']);
  });

  it('leaves out rows still being filled in, keeping each item tied to its row', () => {
    const { filters, rowOfItem } = filtersQuery({
      conjunction: 'or',
      rows: [
        row('data.n', 'Number', 'equal', ''),
        row('data.n', 'Number', 'between', '1', ''),
        row('data.tag', 'String', 'in', ' , '),
        row('data.tag', 'String', 'equal', 'red'),
        row('data.note', 'String', 'empty'),
      ],
    });

    expect(filters.conjunction).toBe('or');
    expect(filters.items.map((item) => item.filter)).toEqual([
      'filter:tasks:data.tag',
      'filter:tasks:data.note',
    ]);
    expect(rowOfItem).toEqual([3, 4]);
  });
});

describe('reading a query item back', () => {
  const rows: FilterRow[] = [
    row('data.section', 'String', 'contains', 'lib'),
    row('data.n', 'Number', 'between', '10', '20'),
    row('data.n', 'Number', 'not_between', '1.5', '2'),
    row('data.tag', 'String', 'in', 'red, green'),
    row('id', 'Number', 'not_in', '3, 4'),
    row('data.note', 'String', 'empty'),
    row('data.note', 'String', 'not_empty'),
    row('updated_at', 'Datetime', 'greater', '2026-05-01T14:30'),
    row('updated_at', 'Datetime', 'between', '2026-05-01T00:00', '2026-05-02T12:00:30'),
    row('is_labeled', 'Boolean', 'equal', 'true'),
    row('annotators', 'List', 'contains', '4'),
  ];

  it('gives the same rows after a trip through the query', () => {
    const state = { conjunction: 'or' as const, rows };

    const { filters } = filtersQuery(state);
    const saved: unknown = JSON.parse(JSON.stringify(filters));

    expect(filterStateOf(saved as never)).toEqual(state);
  });

  it("reads Label Studio's spellings of the same operators", () => {
    const item = (operator: string, value: unknown): FilterItem => ({
      filter: 'filter:tasks:data.n',
      operator,
      type: 'Number',
      value,
    });

    expect(rowOf(item('between', { min: 1, max: 2 }))).toEqual(
      row('data.n', 'Number', 'between', '1', '2'),
    );
    expect(rowOf(item('in', [1, 2])).operator).toBe('in');
    expect(rowOf(item('not_in', [1])).operator).toBe('not_in');
    expect(rowOf(item('empty', 'false')).operator).toBe('not_empty');
    expect(rowOf({ ...item('equal', 1), filter: 'tasks:id' }).column).toBe('id');
  });

  it('keeps an operator the table does not offer under its own name', () => {
    const kept = rowOf({
      filter: 'filter:tasks:data.t',
      operator: 'regex',
      type: 'String',
      value: 'a.',
    });

    expect(kept).toEqual(row('data.t', 'String', 'regex', 'a.'));
    expect(filterItem(kept)?.operator).toBe('regex');
  });

  it('reads no filters as an empty "and"', () => {
    expect(filterStateOf(undefined)).toEqual({ conjunction: 'and', rows: [] });
    expect(filterStateOf({ items: [] })).toEqual({ conjunction: 'and', rows: [] });
  });

  it('shows a time as the local input does', () => {
    const iso = new Date('2026-05-01T14:30:00').toISOString();

    expect(localInputTime(iso)).toBe('2026-05-01T14:30');
  });
});

describe('editing rows', () => {
  it('starts a row on the first operator of its column', () => {
    expect(newRow({ id: 'data.text', type: 'String' })).toEqual(
      row('data.text', 'String', 'contains'),
    );
    expect(newRow({ id: 'is_labeled', type: 'Boolean' })).toEqual(
      row('is_labeled', 'Boolean', 'equal', 'true'),
    );
  });

  it('keeps the operator and value on a column of the same type', () => {
    const between = row('data.n', 'Number', 'between', '1', '2');

    expect(withColumn(between, { id: 'id', type: 'Number' })).toEqual({ ...between, column: 'id' });
    expect(withColumn(between, { id: 'data.t', type: 'String' })).toEqual(
      row('data.t', 'String', 'contains'),
    );
  });

  it('keeps the value when the operator takes the same input', () => {
    const greater = row('data.n', 'Number', 'greater', '5');

    expect(withOperator(greater, 'less')).toEqual({ ...greater, operator: 'less' });
    expect(withOperator(greater, 'between')).toEqual(row('data.n', 'Number', 'between'));
  });
});

describe("placing the server's refusal", () => {
  it("puts an item's message on the row it came from, numbered as the table shows it", () => {
    const problems = queryProblems(
      {
        'filters.items[1]': ["filters.items[1] must be a number, got 'x'."],
        'filters.items[0].value': ['filters.items[0].value must be user ids, got "a".'],
        ordering: ['The column is not sortable.'],
        project: ['is required.'],
      },
      [0, 2],
    );

    expect(problems.rows).toEqual({
      2: "Filter 3 must be a number, got 'x'.",
      0: 'The value of filter 1 must be user ids, got "a".',
    });
    expect(problems.ordering).toBe('The column is not sortable.');
    expect(problems.other).toEqual(['is required.']);
  });

  it('keeps the detail of an answer without field errors', () => {
    expect(queryProblems(undefined, [], 'query is not valid JSON.').other).toEqual([
      'query is not valid JSON.',
    ]);
  });
});
