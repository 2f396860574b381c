import { useEffect, useState } from 'react';
import type { ReactElement } from 'react';

import { ApiError, apiGet } from '../api/client';
import type { TaskPage, TaskRow } from '../api/types';
import { Button, EmptyState, ErrorMessage, Spinner } from '../components/ui';
import { queryOf } from './tableViews';
import type { TableState, TaskFilter } from './tableViews';
import { TaskActions } from './TaskActions';
import { NOTHING, isSelected, toggle } from './taskSelection';
import type { Selection } from './taskSelection';
import { ViewTabs } from './ViewTabs';

export type { TaskFilter } from './tableViews';

const PAGE_SIZE = 30;

/** The page as the server lists it; ``total_exact`` is false when ``total`` is a lower
 * bound (a large project is counted in the background, never on the page's own path). */
interface ListedPage extends TaskPage {
  total_exact?: boolean;
}

/** A data key the project indexes; ``building`` while its job fills it (queries use it
 * only once it is ``ready``). */
export interface DataIndex {
  key: string;
  kind: 'value' | 'text';
  state?: 'ready' | 'building';
  progress?: { done: number; total: number | null };
}

/** How often the index list is read again while an index builds. */
const INDEX_POLL_MILLISECONDS = 2000;

/** The data keys a sort can walk an index of: built value indexes. */
export function sortedKeysOf(indexes: DataIndex[]): string[] {
  return indexes
    .filter((index) => index.kind === 'value' && index.state !== 'building')
    .map((index) => index.key);
}

/** "Indexing data.text for contains: 12,000 of 40,000 tasks" for a building index. */
export function buildingText(index: DataIndex): string {
  const use = index.kind === 'text' ? 'contains' : 'filters and sorting';
  const what = `Indexing data.${index.key} for ${use}`;
  const progress = index.progress;
  if (!progress || !progress.total) return `${what}…`;
  const done = progress.done.toLocaleString('en-US');
  return `${what}: ${done} of ${progress.total.toLocaleString('en-US')} tasks`;
}

/** Columns an index orders, so that a sort stays one index walk at a million tasks;
 * the data keys a project indexes join them. */
const SORTABLE: Record<string, string> = {
  ID: 'tasks:id',
  State: 'tasks:state',
};
const OPERATORS: [string, string][] = [
  ['equal', 'is'],
  ['not_equal', 'is not'],
  ['contains', 'contains'],
  ['starts_with', 'starts with'],
  ['greater', 'greater than'],
  ['less', 'less than'],
];

/** The list request for one page: Label Studio's data-manager query in ``query``. */
export function taskListPath(
  projectId: number,
  page: number,
  filter: TaskFilter | null,
  ordering: string | null,
): string {
  const path = `/api/tasks/?project=${projectId}&page=${page}&page_size=${PAGE_SIZE}`;
  if (!filter && !ordering) return path;
  return `${path}&query=${encodeURIComponent(JSON.stringify(queryOf({ filter, ordering })))}`;
}

/** "1,000,000 tasks", or "at least 10,001 tasks" while the server counts. */
export function totalText(answer: ListedPage): string {
  const tasks = answer.total.toLocaleString('en-US');
  if (answer.total_exact === false) return `at least ${tasks} tasks`;
  return (
    `${tasks} tasks · ${answer.total_annotations.toLocaleString('en-US')} annotations · ` +
    `${answer.total_predictions.toLocaleString('en-US')} predictions`
  );
}

function cellText(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function preview(data: Record<string, unknown>): string {
  for (const value of Object.values(data)) {
    if (typeof value === 'string') return value;
  }
  return JSON.stringify(data);
}

function StatePill({ state }: { state: string | undefined }) {
  const name = state ?? 'unknown';
  return (
    <span className={`pill pill-${name.replace(/[^a-z_]/gi, '')}`}>{name.replace('_', ' ')}</span>
  );
}

function FilterBar({
  dataKeys,
  applied,
  onApply,
}: {
  dataKeys: string[];
  applied: TaskFilter | null;
  onApply: (filter: TaskFilter | null) => void;
}) {
  const [draft, setDraft] = useState<TaskFilter>(
    applied ?? { column: dataKeys[0] ? `data.${dataKeys[0]}` : 'id', operator: 'equal', value: '' },
  );
  const columns: [string, string][] = [
    ...dataKeys.map((key): [string, string] => [`data.${key}`, key]),
    ['id', 'ID'],
    ['state', 'State'],
    ['total_annotations', 'Annotations'],
    ['total_predictions', 'Predictions'],
  ];

  return (
    <form
      className="filter-bar"
      onSubmit={(event) => {
        event.preventDefault();
        onApply(draft.value.trim() === '' ? null : draft);
      }}
    >
      <select
        aria-label="Filter column"
        value={draft.column}
        onChange={(event) => setDraft({ ...draft, column: event.target.value })}
      >
        {columns.map(([value, title]) => (
          <option key={value} value={value}>
            {title}
          </option>
        ))}
      </select>
      <select
        aria-label="Filter operator"
        value={draft.operator}
        onChange={(event) => setDraft({ ...draft, operator: event.target.value })}
      >
        {OPERATORS.map(([value, title]) => (
          <option key={value} value={value}>
            {title}
          </option>
        ))}
      </select>
      <input
        aria-label="Filter value"
        value={draft.value}
        onChange={(event) => setDraft({ ...draft, value: event.target.value })}
      />
      <Button type="submit">Filter</Button>
      {applied && (
        <Button
          onClick={() => {
            setDraft({ ...draft, value: '' });
            onApply(null);
          }}
        >
          Clear
        </Button>
      )}
    </form>
  );
}

function SortHeader({
  title,
  column,
  ordering,
  onSort,
}: {
  title: string;
  column: string | undefined;
  ordering: string | null;
  onSort: (ordering: string | null) => void;
}) {
  if (!column) return <th>{title}</th>;
  const direction =
    ordering === column ? 'ascending' : ordering === `-${column}` ? 'descending' : 'none';
  const next = direction === 'none' ? column : direction === 'ascending' ? `-${column}` : null;
  return (
    <th aria-sort={direction}>
      <button type="button" className="sort-header" onClick={() => onSort(next)}>
        {title}
        {direction === 'ascending' ? ' ▲' : direction === 'descending' ? ' ▼' : ''}
      </button>
    </th>
  );
}

/** Columns a manager may hide; ID and the selection box always show. */
const OPTIONAL_COLUMNS = ['Data', 'State', 'Annotations', 'Skipped', 'Predictions'];

function ColumnPicker({
  columns,
  hidden,
  onChange,
}: {
  columns: string[];
  hidden: string[];
  onChange: (hidden: string[]) => void;
}) {
  return (
    <details className="column-picker">
      <summary>Columns</summary>
      {columns.map((column) => (
        <label key={column} className="checkbox">
          <input
            type="checkbox"
            checked={!hidden.includes(column)}
            onChange={(event) =>
              onChange(
                event.target.checked
                  ? hidden.filter((name) => name !== column)
                  : [...hidden, column],
              )
            }
          />
          {column}
        </label>
      ))}
    </details>
  );
}

function cells(task: TaskRow, sortedKeys: string[]): Record<string, ReactElement> {
  const shown: Record<string, ReactElement> = {};
  for (const key of sortedKeys) shown[key] = <td key={key}>{cellText(task.data[key])}</td>;
  shown.Data = (
    <td key="data" className="task-data">
      {preview(task.data)}
    </td>
  );
  shown.State = (
    <td key="state">
      <StatePill state={task.state} />
    </td>
  );
  shown.Annotations = (
    <td key="annotations" className="numeric">
      {task.total_annotations}
    </td>
  );
  shown.Skipped = (
    <td key="skipped" className="numeric">
      {task.cancelled_annotations}
    </td>
  );
  shown.Predictions = (
    <td key="predictions" className="numeric">
      {task.total_predictions}
    </td>
  );
  return shown;
}

/**
 * The project's tasks, a page at a time, filtered and sorted on the server; saved tabs,
 * a column picker, and actions on a selection (listed tasks, or every matching task but
 * some).
 */
export function TaskTable({ projectId, reloadKey }: { projectId: number; reloadKey: number }) {
  const [page, setPage] = useState(1);
  const [table, setTable] = useState<TableState>({ filter: null, ordering: null, hidden: [] });
  const [activeView, setActiveView] = useState<number | null>(null);
  const [selection, setSelection] = useState<Selection>(NOTHING);
  const [notice, setNotice] = useState('');
  const [changes, setChanges] = useState(0);
  const [answer, setAnswer] = useState<ListedPage | null>(null);
  const [dataKeys, setDataKeys] = useState<string[]>([]);
  const [indexes, setIndexes] = useState<DataIndex[]>([]);
  const [error, setError] = useState<unknown>(null);
  const { filter, ordering, hidden } = table;
  const sortedKeys = sortedKeysOf(indexes);
  const building = indexes.filter((index) => index.state === 'building');

  const change = (next: Partial<TableState>) => {
    setTable({ ...table, ...next });
    setSelection(NOTHING);
    setPage(1);
  };

  useEffect(() => {
    let live = true;
    let timer = 0;
    const load = () => {
      apiGet<DataIndex[]>(`/api/dm/indexes/?project=${projectId}`)
        .then((listed) => {
          if (!live) return;
          setIndexes(listed);
          if (listed.some((index) => index.state === 'building'))
            timer = window.setTimeout(load, INDEX_POLL_MILLISECONDS);
        })
        // Without the list, the table still sorts by its own columns.
        .catch(() => undefined);
    };
    load();
    return () => {
      live = false;
      window.clearTimeout(timer);
    };
  }, [projectId]);

  useEffect(() => {
    let live = true;
    apiGet<ListedPage>(taskListPath(projectId, page, filter, ordering))
      .then((loaded) => {
        if (!live) return;
        setAnswer(loaded);
        setError(null);
        const first = loaded.tasks[0];
        if (first) setDataKeys((known) => (known.length ? known : Object.keys(first.data)));
      })
      .catch((caught: unknown) => {
        if (!live) return;
        // A page past the end answers 404; an empty project has no first page either.
        if (caught instanceof ApiError && caught.status === 404) {
          if (page > 1) setPage(1);
          else setAnswer({ tasks: [], total: 0, total_annotations: 0, total_predictions: 0 });
          return;
        }
        setError(caught);
      });
    return () => {
      live = false;
    };
  }, [projectId, page, filter, ordering, reloadKey, changes]);

  const pages = answer ? Math.max(1, Math.ceil(answer.total / PAGE_SIZE)) : 1;
  const morePages = page < pages || (answer?.total_exact === false && answer.tasks.length > 0);
  const columns = ['ID', ...sortedKeys, ...OPTIONAL_COLUMNS].filter(
    (column) => !hidden.includes(column),
  );
  const onPage = answer?.tasks ?? [];
  const pageSelected = onPage.length > 0 && onPage.every((task) => isSelected(selection, task.id));

  return (
    <section className="card" data-testid="task-table">
      <div className="section-header">
        <h2>Tasks</h2>
        {answer && (
          <span className="muted" data-testid="task-total">
            {totalText(answer)}
          </span>
        )}
      </div>
      <ViewTabs
        projectId={projectId}
        current={table}
        active={activeView}
        onOpen={(viewId, state) => {
          setActiveView(viewId);
          change(state);
        }}
      />
      {building.map((index) => (
        <p key={`${index.kind}-${index.key}`} className="muted small" role="status">
          {buildingText(index)}
        </p>
      ))}
      {(dataKeys.length > 0 || filter) && (
        <FilterBar
          key={`${activeView ?? 'all'}-${JSON.stringify(filter)}`}
          dataKeys={dataKeys}
          applied={filter}
          onApply={(chosen) => change({ filter: chosen })}
        />
      )}
      <div className="filter-bar">
        <ColumnPicker
          columns={[...sortedKeys, ...OPTIONAL_COLUMNS]}
          hidden={hidden}
          onChange={(next) => setTable({ ...table, hidden: next })}
        />
        <Button
          disabled={!answer || answer.total === 0}
          onClick={() => setSelection(selection.all ? NOTHING : { all: true, ids: new Set() })}
        >
          {selection.all ? 'Clear the selection' : 'Select every matching task'}
        </Button>
      </div>
      <TaskActions
        projectId={projectId}
        selection={selection}
        matching={answer?.total ?? 0}
        query={queryOf(table)}
        onDone={(message) => {
          setNotice(message);
          setSelection(NOTHING);
          setChanges(changes + 1);
        }}
      />
      {notice && (
        <p className="success-message" role="status">
          {notice}
        </p>
      )}
      <ErrorMessage error={error} />
      {!answer && !error && <Spinner />}
      {answer?.tasks.length === 0 && (
        <EmptyState title={filter ? 'No task matches' : 'No tasks yet'}>
          <p>{filter ? 'Change or clear the filter.' : 'Import a file above to add tasks.'}</p>
        </EmptyState>
      )}
      {answer && answer.tasks.length > 0 && (
        <>
          <table className="task-table">
            <thead>
              <tr>
                <th>
                  <input
                    type="checkbox"
                    aria-label="Select the tasks on this page"
                    checked={pageSelected}
                    onChange={() => {
                      let next = selection;
                      for (const task of onPage) {
                        if (isSelected(next, task.id) === pageSelected)
                          next = toggle(next, task.id);
                      }
                      setSelection(next);
                    }}
                  />
                </th>
                {columns.map((title) => (
                  <SortHeader
                    key={title}
                    title={title}
                    column={sortedKeys.includes(title) ? `tasks:data.${title}` : SORTABLE[title]}
                    ordering={ordering}
                    onSort={(chosen) => change({ ordering: chosen })}
                  />
                ))}
              </tr>
            </thead>
            <tbody>
              {answer.tasks.map((task: TaskRow) => {
                const shown = cells(task, sortedKeys);
                return (
                  <tr key={task.id}>
                    <td>
                      <input
                        type="checkbox"
                        aria-label={`Select task ${task.id}`}
                        checked={isSelected(selection, task.id)}
                        onChange={() => setSelection(toggle(selection, task.id))}
                      />
                    </td>
                    {columns.map((column) =>
                      column === 'ID' ? (
                        <td key="id" className="numeric">
                          {task.id}
                        </td>
                      ) : (
                        shown[column]
                      ),
                    )}
                  </tr>
                );
              })}
            </tbody>
          </table>
          <div className="pager">
            <Button disabled={page <= 1} onClick={() => setPage(page - 1)}>
              Previous
            </Button>
            <span className="muted">
              {answer.total_exact === false ? `Page ${page}` : `Page ${page} of ${pages}`}
            </span>
            <Button disabled={!morePages} onClick={() => setPage(page + 1)}>
              Next
            </Button>
          </div>
        </>
      )}
    </section>
  );
}
