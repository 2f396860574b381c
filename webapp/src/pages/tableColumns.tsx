// The task table's columns: every column `GET /api/dm/columns/` lists, which of them show,
// and how a task's value reads in a cell.

import type { ReactElement } from 'react';

import type { TaskRow } from '../api/types';
import type { ColumnInfo } from './filterModel';

/** A listed task: the fields of `TaskRow` and the data manager's other columns. */
export type ListedTask = TaskRow & Record<string, unknown>;

/** Columns whose values come from a task's annotations or predictions: the page is asked
 * for with `fields=all` only while one of them shows. */
const CHILDREN_COLUMNS = new Set([
  'annotators',
  'predictions_model_versions',
  'completed_at',
  'avg_lead_time',
  'ground_truth',
  'annotations_results',
  'predictions_results',
]);

/** The id a tab's `hiddenColumns` lists a column under. */
export const hiddenId = (column: ColumnInfo) => `tasks:${column.id}`;

/** The columns in the table's order: ID, the data keys, then the other task fields. */
export function tableOrder(columns: ColumnInfo[]): ColumnInfo[] {
  const isData = (column: ColumnInfo) => column.parent === 'data';
  return [
    ...columns.filter((column) => column.id === 'id'),
    ...columns.filter(isData),
    ...columns.filter((column) => column.id !== 'id' && !isData(column)),
  ];
}

/** The hidden columns of a table that keeps each column's default. */
export function defaultHidden(columns: ColumnInfo[]): string[] {
  return columns.filter((column) => column.visibility_defaults?.explore === false).map(hiddenId);
}

/** Whether `column` is hidden; a tab saved before columns had ids lists titles. */
export function isHidden(column: ColumnInfo, hidden: string[]): boolean {
  return hidden.includes(hiddenId(column)) || hidden.includes(column.title);
}

/** The shown columns; ID always shows. */
export function shownColumns(columns: ColumnInfo[], hidden: string[] | null): ColumnInfo[] {
  const hiding = hidden ?? defaultHidden(columns);
  return tableOrder(columns).filter((column) => column.id === 'id' || !isHidden(column, hiding));
}

/** The list request's extra parameters for these columns: `fields=all` when one needs the
 * task's annotations, with `include` keeping the answer to what the table shows. */
export function fieldsFor(shown: ColumnInfo[]): string {
  if (!shown.some((column) => CHILDREN_COLUMNS.has(column.id))) return '';
  const keys = new Set(['id', 'data']);
  for (const column of shown) if (column.parent !== 'data') keys.add(column.id);
  return `&fields=all&include=${[...keys].join(',')}`;
}

/** A task's value in `column`. */
export function valueOf(task: ListedTask, column: ColumnInfo): unknown {
  if (column.parent === 'data') return task.data[column.id.slice('data.'.length)];
  return task[column.id];
}

const pad = (number: number) => String(number).padStart(2, '0');

/** "2026-05-01 14:03" in the browser's time zone. */
export function timeText(iso: string): string {
  const moment = new Date(iso);
  if (Number.isNaN(moment.getTime())) return iso;
  return (
    `${moment.getFullYear()}-${pad(moment.getMonth() + 1)}-${pad(moment.getDate())} ` +
    `${pad(moment.getHours())}:${pad(moment.getMinutes())}`
  );
}

/** A value as a cell reads it. */
export function cellText(value: unknown, column: ColumnInfo): string {
  if (value === undefined || value === null) return '';
  if (column.type === 'Datetime' && typeof value === 'string') return timeText(value);
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'number' && !Number.isInteger(value)) return String(+value.toFixed(3));
  if (Array.isArray(value) && value.every((item) => typeof item !== 'object'))
    return value.join(', ');
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function StatePill({ state }: { state: unknown }) {
  const name = typeof state === 'string' ? state : 'unknown';
  return (
    <span className={`pill pill-${name.replace(/[^a-z_]/gi, '')}`}>{name.replace('_', ' ')}</span>
  );
}

export function Cell({ task, column }: { task: ListedTask; column: ColumnInfo }): ReactElement {
  const value = valueOf(task, column);
  if (column.id === 'state') {
    return (
      <td>
        <StatePill state={value} />
      </td>
    );
  }
  const text = cellText(value, column);
  if (column.type === 'Number') return <td className="numeric">{text}</td>;
  if (column.type === 'Datetime') return <td className="nowrap">{text}</td>;
  const long = column.parent === 'data' || column.id.endsWith('_results');
  return (
    <td className={long ? 'task-data' : undefined} title={long ? text : undefined}>
      {text}
    </td>
  );
}

/** The ordering a click on a header asks for next: ascending, descending, then none. */
export function nextOrdering(current: string | null, name: string): string | null {
  if (current === name) return `-${name}`;
  if (current === `-${name}`) return null;
  return name;
}

/** A column's header; a sortable one sorts on click, as Label Studio's `ordering`. */
export function SortHeader({
  column,
  indexed,
  ordering,
  onSort,
}: {
  column: ColumnInfo;
  indexed: boolean;
  ordering: string | null;
  onSort: (ordering: string | null) => void;
}) {
  if (!column.sortable) return <th>{column.title}</th>;
  const name = `tasks:${column.id}`;
  const direction =
    ordering === name ? 'ascending' : ordering === `-${name}` ? 'descending' : 'none';
  return (
    <th aria-sort={direction}>
      <button
        type="button"
        className="sort-header"
        title={
          indexed
            ? `Sort by ${column.title}`
            : `Sort by ${column.title} (not indexed: a large project sorts slowly)`
        }
        onClick={() => onSort(nextOrdering(ordering, name))}
      >
        {column.title}
        {direction === 'ascending' ? ' ▲' : direction === 'descending' ? ' ▼' : ''}
      </button>
    </th>
  );
}

/** Every column the server lists, each shown or hidden (ID always shows). */
export function ColumnPicker({
  columns,
  hidden,
  onChange,
}: {
  columns: ColumnInfo[];
  hidden: string[];
  onChange: (hidden: string[]) => void;
}) {
  return (
    <details className="column-picker">
      <summary>Columns</summary>
      <div className="column-picker-list">
        {tableOrder(columns)
          .filter((column) => column.id !== 'id')
          .map((column) => (
            <label key={column.id} className="checkbox">
              <input
                type="checkbox"
                checked={!isHidden(column, hidden)}
                onChange={(event) =>
                  onChange(
                    event.target.checked
                      ? hidden.filter((name) => name !== hiddenId(column) && name !== column.title)
                      : [...hidden, hiddenId(column)],
                  )
                }
              />
              {column.parent === 'data' ? `data.${column.title}` : column.title}
            </label>
          ))}
      </div>
    </details>
  );
}
