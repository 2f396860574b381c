import { useEffect, useState } from 'react';

import { ApiError, apiGet } from '../api/client';
import type { TaskPage } from '../api/types';
import { Button, EmptyState, ErrorMessage, Spinner } from '../components/ui';
import { FilterEditor } from './FilterEditor';
import { filtersQuery, queryProblems } from './filterModel';
import type { ColumnInfo } from './filterModel';
import {
  Cell,
  ColumnPicker,
  SortHeader,
  defaultHidden,
  fieldsFor,
  shownColumns,
} from './tableColumns';
import type { ListedTask } from './tableColumns';
import { PLAIN_TABLE, queryOf } from './tableViews';
import type { TableState } from './tableViews';
import { TaskActions } from './TaskActions';
import { NOTHING, isSelected, toggle } from './taskSelection';
import type { Selection } from './taskSelection';
import { ViewTabs } from './ViewTabs';

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

/** The data keys a sort can walk an index of: built value indexes (a sort on another data
 * key reads every task of the project). */
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

/** The list request for one page: Label Studio's data-manager query in ``query``;
 * ``fields`` adds what the shown columns need (see ``fieldsFor``). */
export function taskListPath(
  projectId: number,
  page: number,
  state: Pick<TableState, 'filters' | 'ordering'>,
  fields = '',
): string {
  const path = `/api/tasks/?project=${projectId}&page=${page}&page_size=${PAGE_SIZE}${fields}`;
  const query = queryOf(state);
  if (query.filters.items.length === 0 && query.ordering.length === 0) return path;
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

/**
 * The project's tasks, a page at a time, filtered and sorted on the server (never more
 * than a page in the browser, whatever the project's size); saved tabs, a column picker,
 * and actions on a selection (listed tasks, or every matching task but some).
 */
export function TaskTable({ projectId, reloadKey }: { projectId: number; reloadKey: number }) {
  const [page, setPage] = useState(1);
  const [table, setTable] = useState<TableState>(PLAIN_TABLE);
  const [activeView, setActiveView] = useState<number | null>(null);
  const [opened, setOpened] = useState(0);
  const [selection, setSelection] = useState<Selection>(NOTHING);
  const [notice, setNotice] = useState('');
  const [changes, setChanges] = useState(0);
  const [answer, setAnswer] = useState<ListedPage | null>(null);
  const [columns, setColumns] = useState<ColumnInfo[] | null>(null);
  const [indexes, setIndexes] = useState<DataIndex[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [refused, setRefused] = useState<ApiError | null>(null);
  const { filters, ordering } = table;
  const indexedKeys = sortedKeysOf(indexes);
  const building = indexes.filter((index) => index.state === 'building');
  const shown = columns ? shownColumns(columns, table.hidden) : [];
  const fields = fieldsFor(shown);

  const change = (next: Partial<TableState>) => {
    setTable({ ...table, ...next });
    setSelection(NOTHING);
    setPage(1);
  };

  useEffect(() => {
    apiGet<{ columns: ColumnInfo[] }>(`/api/dm/columns/?project=${projectId}`).then(
      (listed) => setColumns(listed.columns),
      setError,
    );
  }, [projectId, reloadKey]);

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
        // Without the list, the table still sorts; it only cannot say which sorts are quick.
        .catch(() => undefined);
    };
    load();
    return () => {
      live = false;
      window.clearTimeout(timer);
    };
  }, [projectId]);

  useEffect(() => {
    // The columns say whether the page needs the tasks' annotations; wait for them.
    if (columns === null) return;
    let live = true;
    apiGet<ListedPage>(taskListPath(projectId, page, { filters, ordering }, fields))
      .then((loaded) => {
        if (!live) return;
        setAnswer(loaded);
        setError(null);
        setRefused(null);
      })
      .catch((caught: unknown) => {
        if (!live) return;
        // A page past the end answers 404; an empty project has no first page either.
        if (caught instanceof ApiError && caught.status === 404) {
          if (page > 1) setPage(1);
          else setAnswer({ tasks: [], total: 0, total_annotations: 0, total_predictions: 0 });
          return;
        }
        // A query the server refuses is told on the filter it names, not as an empty table.
        if (caught instanceof ApiError && caught.status === 400) {
          setRefused(caught);
          setAnswer(null);
          return;
        }
        setError(caught);
      });
    return () => {
      live = false;
    };
  }, [projectId, page, filters, ordering, fields, columns, reloadKey, changes]);

  const problems = refused
    ? queryProblems(
        refused.body.validation_errors,
        filtersQuery(filters).rowOfItem,
        refused.message,
      )
    : null;
  const filtered = filtersQuery(filters).filters.items.length > 0;
  const pages = answer ? Math.max(1, Math.ceil(answer.total / PAGE_SIZE)) : 1;
  const morePages = page < pages || (answer?.total_exact === false && answer.tasks.length > 0);
  const onPage = (answer?.tasks ?? []) as ListedTask[];
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
          setOpened(opened + 1);
          change(state);
        }}
      />
      {building.map((index) => (
        <p key={`${index.kind}-${index.key}`} className="muted small" role="status">
          {buildingText(index)}
        </p>
      ))}
      {columns && (
        <FilterEditor
          key={`${opened}-${JSON.stringify(filters)}`}
          columns={columns}
          applied={filters}
          problems={problems}
          onApply={(chosen) => change({ filters: chosen })}
        />
      )}
      <div className="filter-bar">
        {columns && (
          <ColumnPicker
            columns={columns}
            hidden={table.hidden ?? defaultHidden(columns)}
            onChange={(next) => setTable({ ...table, hidden: next })}
          />
        )}
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
      {problems?.ordering && (
        <p className="filter-problem" role="alert">
          {problems.ordering}
        </p>
      )}
      {problems?.other.map((message) => (
        <p key={message} className="filter-problem" role="alert">
          {message}
        </p>
      ))}
      {refused && (
        <EmptyState title="The tasks could not be listed">
          <p>The server refused the filters or the sort: see the message above.</p>
        </EmptyState>
      )}
      {!answer && !error && !refused && <Spinner />}
      {answer?.tasks.length === 0 && (
        <EmptyState title={filtered ? 'No task matches' : 'No tasks yet'}>
          <p>{filtered ? 'Change or clear the filters.' : 'Import a file above to add tasks.'}</p>
        </EmptyState>
      )}
      {answer && answer.tasks.length > 0 && (
        <>
          <div className="task-table-scroll">
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
                  {shown.map((column) => (
                    <SortHeader
                      key={column.id}
                      column={column}
                      indexed={
                        column.parent !== 'data' ||
                        indexedKeys.includes(column.id.slice('data.'.length))
                      }
                      ordering={ordering}
                      onSort={(chosen) => change({ ordering: chosen })}
                    />
                  ))}
                </tr>
              </thead>
              <tbody>
                {onPage.map((task) => (
                  <tr key={task.id}>
                    <td>
                      <input
                        type="checkbox"
                        aria-label={`Select task ${task.id}`}
                        checked={isSelected(selection, task.id)}
                        onChange={() => setSelection(toggle(selection, task.id))}
                      />
                    </td>
                    {shown.map((column) => (
                      <Cell key={column.id} task={task} column={column} />
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
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
