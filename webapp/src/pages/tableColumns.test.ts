import { describe, expect, it } from 'vitest';

import type { ColumnInfo } from './filterModel';
import {
  cellText,
  defaultHidden,
  fieldsFor,
  shownColumns,
  tableOrder,
  valueOf,
} from './tableColumns';
import type { ListedTask } from './tableColumns';

const column = (id: string, type: ColumnInfo['type'], extra: Partial<ColumnInfo> = {}) => ({
  id,
  title: id,
  type,
  sortable: true,
  visibility_defaults: { explore: true },
  ...extra,
});

const COLUMNS: ColumnInfo[] = [
  column('id', 'Number'),
  column('inner_id', 'Number', { visibility_defaults: { explore: false } }),
  column('total_annotations', 'Number'),
  column('annotators', 'List', { sortable: false }),
  column('data.text', 'String', { title: 'text', parent: 'data' }),
  column('data.n', 'Number', { title: 'n', parent: 'data' }),
];

describe('the table columns', () => {
  it('put ID first, then the data keys, then the task fields', () => {
    expect(tableOrder(COLUMNS).map((one) => one.id)).toEqual([
      'id',
      'data.text',
      'data.n',
      'inner_id',
      'total_annotations',
      'annotators',
    ]);
  });

  it('hide what the server hides by default, and what a tab hides by id or old title', () => {
    expect(defaultHidden(COLUMNS)).toEqual(['tasks:inner_id']);
    expect(shownColumns(COLUMNS, null).map((one) => one.id)).not.toContain('inner_id');
    expect(
      shownColumns(COLUMNS, ['tasks:data.n', 'total_annotations', 'tasks:id']).map((one) => one.id),
    ).toEqual(['id', 'data.text', 'inner_id', 'annotators']);
  });

  it("ask for the tasks' annotations only while a column needs them", () => {
    const plain = shownColumns(COLUMNS, ['tasks:annotators']);

    expect(fieldsFor(plain)).toBe('');
    expect(fieldsFor(shownColumns(COLUMNS, []))).toBe(
      '&fields=all&include=id,data,inner_id,total_annotations,annotators',
    );
  });

  it('read a data key from the data and a field from the task', () => {
    const task = { id: 3, data: { n: 7 }, total_annotations: 2 } as unknown as ListedTask;

    expect(valueOf(task, COLUMNS[5] as ColumnInfo)).toBe(7);
    expect(valueOf(task, COLUMNS[2] as ColumnInfo)).toBe(2);
  });

  it('write lists, booleans and fractions for people', () => {
    expect(cellText([3, 4], column('annotators', 'List'))).toBe('3, 4');
    expect(cellText(true, column('ground_truth', 'Boolean'))).toBe('yes');
    expect(cellText(0.123456, column('predictions_score', 'Number'))).toBe('0.123');
    expect(cellText({ a: 1 }, column('data.x', 'String'))).toBe('{"a":1}');
    expect(cellText(null, column('completed_at', 'Datetime'))).toBe('');
  });
});
