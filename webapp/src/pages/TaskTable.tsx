import { useEffect, useState } from 'react';

import { ApiError, apiGet } from '../api/client';
import type { TaskPage, TaskRow } from '../api/types';
import { Button, EmptyState, ErrorMessage, Spinner } from '../components/ui';

const PAGE_SIZE = 20;

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

/** The project's tasks, a page at a time, with their state and counts. */
export function TaskTable({ projectId, reloadKey }: { projectId: number; reloadKey: number }) {
  const [page, setPage] = useState(1);
  const [answer, setAnswer] = useState<TaskPage | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    let live = true;
    const path = `/api/tasks/?project=${projectId}&page=${page}&page_size=${PAGE_SIZE}`;
    apiGet<TaskPage>(path)
      .then((loaded) => {
        if (!live) return;
        setAnswer(loaded);
        setError(null);
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
  }, [projectId, page, reloadKey]);

  const pages = answer ? Math.max(1, Math.ceil(answer.total / PAGE_SIZE)) : 1;

  return (
    <section className="card">
      <div className="section-header">
        <h2>Tasks</h2>
        {answer && (
          <span className="muted">
            {answer.total} tasks · {answer.total_annotations} annotations ·{' '}
            {answer.total_predictions} predictions
          </span>
        )}
      </div>
      <ErrorMessage error={error} />
      {!answer && !error && <Spinner />}
      {answer?.tasks.length === 0 && (
        <EmptyState title="No tasks yet">
          <p>Import a file above to add tasks.</p>
        </EmptyState>
      )}
      {answer && answer.tasks.length > 0 && (
        <>
          <table className="task-table">
            <thead>
              <tr>
                <th>ID</th>
                <th>Data</th>
                <th>State</th>
                <th title="Annotations">Annotations</th>
                <th title="Skipped">Skipped</th>
                <th title="Predictions">Predictions</th>
              </tr>
            </thead>
            <tbody>
              {answer.tasks.map((task: TaskRow) => (
                <tr key={task.id}>
                  <td className="numeric">{task.inner_id ?? task.id}</td>
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
              Page {page} of {pages}
            </span>
            <Button disabled={page >= pages} onClick={() => setPage(page + 1)}>
              Next
            </Button>
          </div>
        </>
      )}
    </section>
  );
}
