import { useEffect, useState } from 'react';

import { ApiError, apiGet } from '../api/client';
import type { TaskPage, TaskRow } from '../api/types';
import { Button, EmptyState, ErrorMessage, Spinner } from '../components/ui';

const PAGE_SIZE = 30;

/** The page as the server lists it; ``total_exact`` is false when ``total`` is a lower
 * bound (a large project is counted in the background, never on the page's own path). */
interface ListedPage extends TaskPage {
  total_exact?: boolean;
}

export interface TaskFilter {
  column: string;
  operator: string;
  value: string;
}

interface DataIndex {
  key: string;
  kind: 'value' | 'text';
}

/** Columns an index orders, so that a sort stays one index walk at a million tasks;
 * the data keys a project indexes join them. */
const SORTABLE: Record<string, string> = {
  ID: 'tasks:id',
  State: 'tasks:state',
};
const NUMERIC_COLUMNS = new Set([
  'id',
  'total_annotations',
  'cancelled_annotations',
  'total_predictions',
]);
const OPERATORS: [string, string][] = [
  ['equal', 'is'],
  ['not_equal', 'is not'],
  ['contains', 'contains'],
  ['starts_with', 'starts with'],
  ['greater', 'greater than'],
  ['less', 'less than'],
];

function filterItem(filter: TaskFilter) {
  const comparesNumbers = filter.operator === 'greater' || filter.operator === 'less';
  const numeric =
    NUMERIC_COLUMNS.has(filter.column) ||
    (comparesNumbers && filter.value.trim() !== '' && !Number.isNaN(Number(filter.value)));
  return {
    filter: `filter:tasks:${filter.column}`,
    operator: filter.operator,
    type: numeric ? 'Number' : 'String',
    value: numeric ? Number(filter.value) : filter.value,
  };
}

/** The list request for one page: Label Studio's data-manager query in ``query``. */
export function taskListPath(
  projectId: number,
  page: number,
  filter: TaskFilter | null,
  ordering: string | null,
): string {
  const path = `/api/tasks/?project=${projectId}&page=${page}&page_size=${PAGE_SIZE}`;
  if (!filter && !ordering) return path;
  const query = {
    filters: { conjunction: 'and', items: filter ? [filterItem(filter)] : [] },
    ordering: ordering ? [ordering] : [],
  };
  return `${path}&query=${encodeURIComponent(JSON.stringify(query))}`;
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

/** The project's tasks, a page at a time, filtered and sorted on the server. */
export function TaskTable({ projectId, reloadKey }: { projectId: number; reloadKey: number }) {
  const [page, setPage] = useState(1);
  const [filter, setFilter] = useState<TaskFilter | null>(null);
  const [ordering, setOrdering] = useState<string | null>(null);
  const [answer, setAnswer] = useState<ListedPage | null>(null);
  const [dataKeys, setDataKeys] = useState<string[]>([]);
  const [sortedKeys, setSortedKeys] = useState<string[]>([]);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    let live = true;
    apiGet<DataIndex[]>(`/api/dm/indexes/?project=${projectId}`)
      .then((indexes) => {
        if (!live) return;
        setSortedKeys(indexes.filter((index) => index.kind === 'value').map((index) => index.key));
      })
      // Without the list, the table still sorts by its own columns.
      .catch(() => undefined);
    return () => {
      live = false;
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
  }, [projectId, page, filter, ordering, reloadKey]);

  const pages = answer ? Math.max(1, Math.ceil(answer.total / PAGE_SIZE)) : 1;
  const morePages = page < pages || (answer?.total_exact === false && answer.tasks.length > 0);

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
      {(dataKeys.length > 0 || filter) && (
        <FilterBar
          dataKeys={dataKeys}
          applied={filter}
          onApply={(chosen) => {
            setFilter(chosen);
            setPage(1);
          }}
        />
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
                {[
                  'ID',
                  ...sortedKeys,
                  'Data',
                  'State',
                  'Annotations',
                  'Skipped',
                  'Predictions',
                ].map((title, position) => (
                  <SortHeader
                    key={`${position}-${title}`}
                    title={title}
                    column={
                      position > 0 && position <= sortedKeys.length
                        ? `tasks:data.${title}`
                        : SORTABLE[title]
                    }
                    ordering={ordering}
                    onSort={(chosen) => {
                      setOrdering(chosen);
                      setPage(1);
                    }}
                  />
                ))}
              </tr>
            </thead>
            <tbody>
              {answer.tasks.map((task: TaskRow) => (
                <tr key={task.id}>
                  <td className="numeric">{task.id}</td>
                  {sortedKeys.map((key) => (
                    <td key={key}>{cellText(task.data[key])}</td>
                  ))}
                  <td className="task-data">{preview(task.data)}</td>
                  <td>
                    <StatePill state={task.state} />
                  </td>
                  <td className="numeric">{task.total_annotations}</td>
                  <td className="numeric">{task.cancelled_annotations}</td>
                  <td className="numeric">{task.total_predictions}</td>
                </tr>
              ))}
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
