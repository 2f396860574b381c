import { useState } from 'react';

import { ApiError } from '../../api/client';
import { Button, ErrorMessage } from '../../components/ui';
import { stateLabel } from '../../components/history/history';
import type { PermittedEvent, TransitionAnswer } from './workflowApi';
import { sendTransition } from './workflowApi';

const VARIANTS: Record<string, 'primary' | 'danger' | 'secondary'> = {
  accept: 'primary',
  submit: 'primary',
  reject: 'danger',
};

function eventLabel(event: string): string {
  const words = event.replace(/[_-]/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

interface DecisionPanelProps {
  taskId: number;
  version: number;
  events: PermittedEvent[];
  onDone: (answer: TransitionAnswer) => void;
  /** Loads the task again after the server said it changed under this page. */
  onStale?: () => void;
}

/**
 * The workflow events a person may send for one task, with a comment. The task's version
 * goes along, so a decision on a task that changed meanwhile is refused, not applied.
 */
export function DecisionPanel({ taskId, version, events, onDone, onStale }: DecisionPanelProps) {
  const [comment, setComment] = useState('');
  const [sending, setSending] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);

  const send = async (event: string) => {
    setSending(event);
    setError(null);
    try {
      const answer = await sendTransition(taskId, { event, comment, version });
      setComment('');
      onDone(answer);
    } catch (caught) {
      setError(caught);
    } finally {
      setSending(null);
    }
  };

  if (events.length === 0) {
    return <p className="muted">No decision can be made on this task in its state.</p>;
  }

  return (
    <div className="decision-panel">
      <label className="field">
        Comment
        <textarea
          className="decision-comment"
          value={comment}
          rows={3}
          placeholder="What is right or wrong, for the annotator (a rejection needs one)"
          onChange={(change) => setComment(change.target.value)}
        />
      </label>
      <div className="action-row">
        {events.map((item) => (
          <Button
            key={item.event}
            variant={VARIANTS[item.event] ?? 'secondary'}
            disabled={sending !== null || !item.permitted}
            title={
              item.permitted ? `Moves the task to ${stateLabel(item.target)}` : (item.reason ?? '')
            }
            onClick={() => void send(item.event)}
          >
            {sending === item.event ? `${eventLabel(item.event)}…` : eventLabel(item.event)}
          </Button>
        ))}
      </div>
      <ErrorMessage error={error} />
      {error instanceof ApiError && error.status === 409 && onStale && (
        <Button onClick={onStale}>Load the task again</Button>
      )}
    </div>
  );
}
