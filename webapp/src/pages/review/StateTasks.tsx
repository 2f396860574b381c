import { useCallback, useEffect, useState } from 'react';

import { HistoryPanel } from '../../components/history/HistoryPanel';
import { stateLabel } from '../../components/history/history';
import { Button, ErrorMessage, Spinner } from '../../components/ui';
import { DecisionPanel } from './DecisionPanel';
import type { TaskState, Transitions } from './workflowApi';
import { readTransitions, tasksInState } from './workflowApi';

const PAGE_SIZE = 50;

interface StateTasksProps {
  projectId: number;
  state: string;
  onChanged: () => void;
}

/** The tasks in one state; picking one shows its history and the events it may take. */
export function StateTasks({ projectId, state, onChanged }: StateTasksProps) {
  const [page, setPage] = useState(1);
  const [listed, setListed] = useState<{ count: number; tasks: TaskState[] } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [picked, setPicked] = useState<number | null>(null);

  useEffect(() => {
    tasksInState(projectId, state, page, PAGE_SIZE).then(setListed).catch(setError);
  }, [projectId, state, page]);

  const pages = listed ? Math.max(1, Math.ceil(listed.count / PAGE_SIZE)) : 1;
  return (
    <section className="card" aria-label={`Tasks ${stateLabel(state)}`}>
      <div className="section-header">
        <h2>Tasks {stateLabel(state)}</h2>
        {listed && <span className="muted">{listed.count} tasks</span>}
      </div>
      <ErrorMessage error={error} />
      {!listed && !error && <Spinner />}
      {listed && (
        <div className="task-links">
          {listed.tasks.map((task) => (
            <Button
              key={task.id}
              variant={picked === task.id ? 'primary' : 'secondary'}
              onClick={() => setPicked(task.id)}
            >
              Task {task.id}
            </Button>
          ))}
        </div>
      )}
      {pages > 1 && (
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
      )}
      {picked !== null && <TaskDetail key={picked} taskId={picked} onChanged={onChanged} />}
    </section>
  );
}

function TaskDetail({ taskId, onChanged }: { taskId: number; onChanged: () => void }) {
  const [transitions, setTransitions] = useState<Transitions | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [reloadKey, setReloadKey] = useState(0);

  const load = useCallback(() => {
    readTransitions(taskId).then(setTransitions).catch(setError);
  }, [taskId]);

  useEffect(load, [load]);

  const done = () => {
    load();
    setReloadKey((key) => key + 1);
    onChanged();
  };

  return (
    <div className="workflow-columns">
      <div>
        <ErrorMessage error={error} />
        {transitions && (
          <>
            <p>
              Task {taskId} is <strong>{stateLabel(transitions.task.state)}</strong>
              <span className="muted"> · version {transitions.task.version}</span>
            </p>
            <DecisionPanel
              key={transitions.task.version}
              taskId={taskId}
              version={transitions.task.version}
              events={transitions.events}
              onDone={done}
              onStale={done}
            />
          </>
        )}
      </div>
      <HistoryPanel taskId={taskId} reloadKey={reloadKey} />
    </div>
  );
}
