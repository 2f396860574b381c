import { useCallback, useEffect, useMemo, useState } from 'react';

import { ApiError, apiGet } from '../../api/client';
import type { Project } from '../../api/types';
import { HistoryPanel } from '../../components/history/HistoryPanel';
import { stateLabel } from '../../components/history/history';
import { RegistryErrors } from '../../components/RegistryErrors';
import { Button, EmptyState, ErrorMessage, Spinner } from '../../components/ui';
import { parseConfig } from '../../engine/parseConfig';
import { useRegistry } from '../../registry/useRegistry';
import { Link } from '../../router';
import { AnnotationView } from './AnnotationView';
import type { ReviewedAnnotation } from './AnnotationView';
import { DecisionPanel } from './DecisionPanel';
import type { ReviewTask } from './workflowApi';
import { nextForReview } from './workflowApi';
import './review.css';

type Stream =
  | { status: 'loading' }
  | { status: 'ready'; task: ReviewTask }
  | { status: 'empty'; message: string }
  | { status: 'error'; error: unknown };

/** The review stream: one task waiting for review at a time, accepted or rejected here. */
export function ReviewPage({ projectId }: { projectId: number }) {
  const [project, setProject] = useState<Project | null>(null);
  const [projectError, setProjectError] = useState<unknown>(null);
  const { registry, error: registryError } = useRegistry();
  const [passed, setPassed] = useState<number[]>([]);
  const [stream, setStream] = useState<Stream>({ status: 'loading' });
  const [reviewed, setReviewed] = useState(0);
  const [shown, setShown] = useState(0);

  useEffect(() => {
    apiGet<Project>(`/api/projects/${projectId}/`).then(setProject).catch(setProjectError);
  }, [projectId]);

  const load = useCallback(
    (exclude: number[]) => {
      setStream({ status: 'loading' });
      nextForReview(projectId, exclude)
        .then((task) => {
          setShown(0);
          setStream({ status: 'ready', task });
        })
        .catch((caught: unknown) => {
          const nothing = caught instanceof ApiError && caught.status === 404;
          if (nothing) setStream({ status: 'empty', message: caught.message });
          else setStream({ status: 'error', error: caught });
        });
    },
    [projectId],
  );

  useEffect(() => load([]), [load]);

  const parsed = useMemo(() => parseConfig(project?.label_config ?? ''), [project]);

  const decided = () => {
    setReviewed((count) => count + 1);
    load(passed);
  };

  const passOver = (taskId: number) => {
    const next = [...passed, taskId];
    setPassed(next);
    load(next);
  };

  const header = (
    <div className="label-header">
      <div>
        <div className="breadcrumb">
          <Link href="/">Projects</Link> /{' '}
          <Link href={`/projects/${projectId}`}>{project?.title ?? `Project ${projectId}`}</Link> /
        </div>
        <h1>
          Review
          {stream.status === 'ready' && (
            <span className="muted task-id"> · task {stream.task.id}</span>
          )}
        </h1>
      </div>
      <span className="muted">
        {reviewed} reviewed in this session
        {stream.status === 'ready' && <> · {stream.task.remaining} waiting</>}
      </span>
    </div>
  );

  if (projectError) {
    return (
      <main className="page">
        <ErrorMessage error={projectError} />
      </main>
    );
  }

  if (stream.status === 'empty') {
    return (
      <main className="page">
        {header}
        <EmptyState title="Nothing waits for review">
          <p>{stream.message}</p>
          <div className="action-row">
            {passed.length > 0 && (
              <Button
                onClick={() => {
                  setPassed([]);
                  load([]);
                }}
              >
                Show the {passed.length} passed over again
              </Button>
            )}
            <Link className="btn btn-primary" href={`/projects/${projectId}`}>
              Back to the project
            </Link>
          </div>
        </EmptyState>
      </main>
    );
  }

  return (
    <main className="page page-wide">
      {header}
      <ErrorMessage error={registryError} />
      <RegistryErrors registry={registry} />
      {parsed.error && <ErrorMessage error={new Error(parsed.error.message)} />}
      {stream.status === 'error' && (
        <>
          <ErrorMessage error={stream.error} />
          <div className="action-row">
            <Button onClick={() => load(passed)}>Try again</Button>
            <Link className="btn btn-secondary" href={`/projects/${projectId}/workflow`}>
              Project workflow
            </Link>
          </div>
        </>
      )}
      {(stream.status === 'loading' || !project || !registry) && stream.status !== 'error' && (
        <Spinner label="Loading the next task to review…" />
      )}
      {stream.status === 'ready' && project && registry && parsed.root && (
        <ReviewWorkspace
          key={`${stream.task.id}:${stream.task.version}`}
          task={stream.task}
          shown={shown}
          onShow={setShown}
          root={parsed.root}
          registry={registry}
          onDecided={decided}
          onPassOver={() => passOver(stream.task.id)}
          onStale={() => load(passed)}
        />
      )}
    </main>
  );
}

interface WorkspaceProps {
  task: ReviewTask;
  shown: number;
  onShow: (index: number) => void;
  root: NonNullable<ReturnType<typeof parseConfig>['root']>;
  registry: NonNullable<ReturnType<typeof useRegistry>['registry']>;
  onDecided: () => void;
  onPassOver: () => void;
  onStale: () => void;
}

function ReviewWorkspace(props: WorkspaceProps) {
  const { task, shown, onShow, root, registry } = props;
  const annotations = ((task.annotations ?? []) as ReviewedAnnotation[]).filter(
    (annotation) => !annotation.was_cancelled,
  );
  const current = annotations[Math.min(shown, annotations.length - 1)];

  return (
    <div className="review-layout">
      <section className="card">
        <div className="annotation-tabs" role="group" aria-label="Annotations">
          {annotations.map((annotation, index) => (
            <Button
              key={annotation.id}
              variant="ghost"
              aria-pressed={annotation === current}
              onClick={() => onShow(index)}
            >
              Annotation {index + 1}
              {annotation.completed_by !== null && (
                <span className="muted"> · user {annotation.completed_by}</span>
              )}
            </Button>
          ))}
        </div>
        {current ? (
          <AnnotationView
            key={current.id}
            root={root}
            registry={registry}
            task={{ id: task.id, data: task.data }}
            annotation={current}
          />
        ) : (
          <p className="muted">This task has no submitted annotation.</p>
        )}
      </section>
      <aside className="review-side">
        <section className="card">
          <div className="section-header">
            <h2>Decision</h2>
            <span className={`pill pill-${task.state}`}>{stateLabel(task.state)}</span>
          </div>
          <DecisionPanel
            taskId={task.id}
            version={task.version}
            events={task.events}
            onDone={props.onDecided}
            onStale={props.onStale}
          />
          <div className="action-row-small">
            <Button variant="ghost" onClick={props.onPassOver}>
              Pass over for now
            </Button>
          </div>
        </section>
        <HistoryPanel taskId={task.id} reloadKey={task.version} />
      </aside>
    </div>
  );
}
