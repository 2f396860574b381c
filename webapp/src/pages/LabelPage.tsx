import { useEffect, useMemo, useState } from 'react';

import { createAnnotationStore, useHotkey } from '@labelcore/plugin-api';
import type { ConfigNode } from '@labelcore/plugin-api';

import { apiGet } from '../api/client';
import type { Project } from '../api/types';
import { RegistryErrors } from '../components/RegistryErrors';
import { Button, EmptyState, ErrorMessage, Spinner } from '../components/ui';
import { parseConfig } from '../engine/parseConfig';
import { TagTree } from '../engine/TagTree';
import type { RendererRegistry } from '../registry/registry';
import { useRegistry } from '../registry/useRegistry';
import { Link } from '../router';
import { useLabelStream } from './labelStream';
import type { LabelStream } from './labelStream';
import { ResultList } from './ResultList';

function isTyping(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLInputElement ||
    target instanceof HTMLTextAreaElement ||
    (target instanceof HTMLElement && target.isContentEditable)
  );
}

interface WorkspaceProps {
  root: ConfigNode;
  registry: RendererRegistry;
  project: Project;
  stream: LabelStream;
}

/** One task being annotated; a new task mounts a new workspace with an empty store. */
function TaskWorkspace({ root, registry, project, stream }: WorkspaceProps) {
  const [store] = useState(createAnnotationStore);
  const { task } = stream;
  const busy = stream.status === 'saving';

  const submit = () => !busy && task && void stream.send(store.serialize(), false);
  const skip = () => !busy && task && void stream.send([], true);
  useHotkey('ctrl+enter', submit, Boolean(task));

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (isTyping(event.target)) return;
      const { selectedId } = store.getState();
      if (event.key === 'Escape') store.select(null);
      if ((event.key === 'Delete' || event.key === 'Backspace') && selectedId) {
        event.preventDefault();
        store.remove(selectedId);
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [store]);

  if (!task) return null;
  return (
    <div className={`labeling ${busy ? 'is-saving' : ''}`}>
      <section className="card labeling-main" aria-label="Task">
        <TagTree root={root} task={task} store={store} registry={registry} />
      </section>
      <aside className="labeling-side">
        <div className="card">
          <div className="action-row">
            {project.show_skip_button !== false && (
              <Button onClick={skip} disabled={busy}>
                Skip
              </Button>
            )}
            <Button variant="primary" onClick={submit} disabled={busy}>
              {busy ? 'Saving…' : 'Submit'}
            </Button>
          </div>
          <p className="muted small">
            <kbd>Ctrl</kbd>+<kbd>Enter</kbd> submits · <kbd>Del</kbd> removes the selected region
          </p>
          {stream.status === 'ready' && <ErrorMessage error={stream.error} />}
        </div>
        <div className="card">
          <h2>Results</h2>
          <ResultList store={store} />
        </div>
      </aside>
    </div>
  );
}

export function LabelPage({ projectId }: { projectId: number }) {
  const [project, setProject] = useState<Project | null>(null);
  const [projectError, setProjectError] = useState<unknown>(null);
  const { registry, error: registryError } = useRegistry();
  const stream = useLabelStream(projectId);
  const { task } = stream;

  useEffect(() => {
    apiGet<Project>(`/api/projects/${projectId}/`).then(setProject).catch(setProjectError);
  }, [projectId]);

  const parsed = useMemo(() => parseConfig(project?.label_config ?? ''), [project]);

  const header = (
    <div className="label-header">
      <div>
        <div className="breadcrumb">
          <Link href="/">Projects</Link> /{' '}
          <Link href={`/projects/${projectId}`}>{project?.title ?? `Project ${projectId}`}</Link> /
        </div>
        <h1>
          Labeling
          {task && <span className="muted task-id"> · task {task.id}</span>}
        </h1>
      </div>
      <span className="muted">{stream.done} done in this session</span>
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
        <EmptyState title="No more tasks for you">
          <p>Every task is labeled, done by you, or reserved by other annotators.</p>
          <Link className="btn btn-primary" href={`/projects/${projectId}`}>
            Back to the project
          </Link>
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
      {(!project || !registry || stream.status === 'loading') && !stream.error && (
        <Spinner label="Loading the next task…" />
      )}
      {stream.status === 'error' && (
        <>
          <ErrorMessage error={stream.error} />
          <Button onClick={stream.retry}>Try again</Button>
        </>
      )}
      {project && registry && parsed.root && task && stream.status !== 'loading' && (
        <TaskWorkspace
          key={task.id}
          root={parsed.root}
          registry={registry}
          project={project}
          stream={stream}
        />
      )}
    </main>
  );
}
