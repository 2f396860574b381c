import { useEffect, useState } from 'react';

import { apiGet } from '../../api/client';
import { ErrorMessage, Spinner } from '../ui';
import { actorLabel, stateLabel, whenLabel } from './history';
import type { TaskHistory } from './history';
import './history.css';

/** A task's event log, newest first: who moved it from which state to which, and why. */
export function HistoryPanel({ taskId, reloadKey = 0 }: { taskId: number; reloadKey?: number }) {
  const [history, setHistory] = useState<TaskHistory | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    let live = true;
    apiGet<TaskHistory>(`/api/tasks/${taskId}/history/`)
      .then((loaded) => {
        if (!live) return;
        setHistory(loaded);
        setError(null);
      })
      .catch((caught: unknown) => live && setError(caught));
    return () => {
      live = false;
    };
  }, [taskId, reloadKey]);

  return (
    <section className="card history-panel" aria-label="History">
      <div className="section-header">
        <h2>History</h2>
        {history && (
          <span className="muted">
            task {history.task.id} · now {stateLabel(history.task.state)}
          </span>
        )}
      </div>
      <ErrorMessage error={error} />
      {!history && !error && <Spinner />}
      {history && history.events.length === 0 && (
        <p className="muted">Nothing has happened to this task yet.</p>
      )}
      {history && !history.consistent && (
        <div className="error-message" role="alert">
          The log does not replay to the task&rsquo;s state ({stateLabel(history.replayed_state)}{' '}
          instead of {stateLabel(history.task.state)}). {history.breaks.join(' ')}
        </div>
      )}
      {history && history.events.length > 0 && (
        <ol className="history-list">
          {[...history.events].reverse().map((event) => (
            <li key={event.id} className="history-item" data-event={event.event}>
              <div className="history-line">
                <strong>{event.event.replace(/_/g, ' ')}</strong>{' '}
                <span className="muted">
                  {stateLabel(event.from_state)} → {stateLabel(event.to_state)}
                </span>
              </div>
              <div className="history-meta muted">
                {actorLabel(event)} ·{' '}
                <time dateTime={event.created_at}>{whenLabel(event.created_at)}</time>
              </div>
              {event.comment && (
                <blockquote className="history-comment">{event.comment}</blockquote>
              )}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
