import { useEffect, useMemo, useRef, useState } from 'react';

import {
  createAnnotationStore,
  isTrue,
  useAnnotationState,
  useHotkey,
} from '@labelcore/plugin-api';
import type { AnnotationStore, ConfigNode, RelationItem, ResultItem } from '@labelcore/plugin-api';

import { apiGet } from '../api/client';
import type { Project, User } from '../api/types';
import { RegistryErrors } from '../components/RegistryErrors';
import { Button, EmptyState, ErrorMessage, Spinner } from '../components/ui';
import type { EngineConfigView } from '../engine/configView';
import { walk } from '../engine/configView';
import { parseConfig } from '../engine/parseConfig';
import { missingAnswers, submittedItems } from '../engine/required';
import type { MissingAnswer } from '../engine/required';
import { TagTree, useTaskConfig } from '../engine/TagTree';
import { SmartPanel } from '../engine/SmartPanel';
import {
  NONE_HIDDEN,
  SmartSession,
  hasSmartTools,
  smartControls,
  useSmartSwitches,
  useInteractiveBackend,
  useSmartAsking,
} from '../engine/smartTools';
import type { SmartSettings } from '../engine/smartTools';
import { shownControls } from '../engine/visibility';
import type { RendererRegistry } from '../registry/registry';
import { useRegistry } from '../registry/useRegistry';
import { Link } from '../router';
import { DraftSaver, pickDraft, readDraft, useDraftOfChanges } from './drafts';
import type { ServerDraft } from './drafts';
import { useLabelStream } from './labelStream';
import type { LabelStream, LabelTask, StreamEntry } from './labelStream';
import { RelationArrows } from './RelationArrows';
import { ResultList } from './ResultList';

const DRAFT_DELAY_MILLISECONDS = 500;

interface Prediction {
  id: number;
  result: (ResultItem | RelationItem)[];
  score?: number | null;
  model_version?: string;
}

function isTyping(target: EventTarget | null): boolean {
  if (target instanceof HTMLElement && target.closest('[data-lc-keyboard-select]')) return false;
  return (
    target instanceof HTMLInputElement ||
    target instanceof HTMLTextAreaElement ||
    target instanceof HTMLSelectElement ||
    (target instanceof HTMLElement && target.isContentEditable)
  );
}

/** The prediction to start from: the project's model version if it has one, else the last. */
function pickPrediction(task: LabelTask, project: Project): Prediction | null {
  const predictions = (task.predictions ?? []) as Prediction[];
  if (predictions.length === 0 || project.show_collab_predictions === false) return null;
  const wanted = project.model_version;
  const matching = wanted ? predictions.filter((each) => each.model_version === wanted) : [];
  const pool = matching.length ? matching : predictions;
  return pool[pool.length - 1] ?? null;
}

/** Predicted items keep their ids (relations point at them) and say where they came from. */
function fromPrediction(prediction: Prediction): (ResultItem | RelationItem)[] {
  return prediction.result.map((item) =>
    item.type === 'relation'
      ? item
      : { ...item, origin: (item as ResultItem).origin ?? 'prediction' },
  );
}

type Start =
  | { kind: 'empty' }
  | { kind: 'revisit'; entry: StreamEntry }
  | { kind: 'draft'; savedAt: number; parentPrediction: number | null; serverId?: number | null }
  | { kind: 'returned'; parentPrediction: number | null }
  | { kind: 'prediction'; prediction: Prediction };

interface WorkspaceProps {
  root: ConfigNode;
  registry: RendererRegistry;
  project: Project;
  stream: LabelStream;
  task: LabelTask;
  user: User;
  smart: SmartSettings;
}

function relationLabelsOf(root: ConfigNode): string[] {
  const labels: string[] = [];
  walk(root, (node) => {
    if (node.tag === 'Relation' && node.attrs.value) labels.push(node.attrs.value);
  });
  return labels;
}

function useWorkspaceHotkeys(store: AnnotationStore, submit: () => void, skip: () => void) {
  useHotkey('ctrl+enter', submit);
  useHotkey('ctrl+space', skip);
  useHotkey('ctrl+z', () => store.undo());
  useHotkey('ctrl+shift+z', () => store.redo());
  useHotkey('ctrl+y', () => store.redo());

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (isTyping(event.target) || event.defaultPrevented) return;
      const { selectedId, linkingFrom, lockedIds } = store.getState();
      if (event.key === 'Escape') {
        if (linkingFrom) store.startLinking(null);
        else store.select(null);
      }
      if (event.altKey && event.key.toLowerCase() === 'r' && selectedId) {
        event.preventDefault();
        store.startLinking(selectedId);
      }
      if ((event.key === 'Delete' || event.key === 'Backspace') && selectedId) {
        event.preventDefault();
        if (!lockedIds.includes(selectedId)) store.remove(selectedId);
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [store]);
}

/** One task being annotated; a new task mounts a new workspace with a new store. */
function TaskWorkspace({ root, registry, project, stream, task, user, smart }: WorkspaceProps) {
  const { root: taskRoot, config } = useTaskConfig(root, task, registry);
  const revisiting = stream.revisiting;

  const [{ store, start }] = useState(() => {
    const options = { regionTypes: (config as EngineConfigView).regionTypes };
    if (revisiting) {
      return {
        store: createAnnotationStore(revisiting.result, options),
        start: { kind: 'revisit', entry: revisiting } as Start,
      };
    }
    const back = stream.returned?.taskId === task.id ? stream.returned : null;
    if (back) {
      return {
        store: createAnnotationStore(back.result, options),
        start: {
          kind: 'draft',
          savedAt: Date.now(),
          parentPrediction: back.parentPrediction,
        } as Start,
      };
    }
    const draft = pickDraft(task.drafts, readDraft(user.id, project.id, task.id));
    if (draft) {
      return {
        store: createAnnotationStore(draft.result, options),
        start: {
          kind: 'draft',
          savedAt: draft.savedAt,
          parentPrediction: draft.parentPrediction,
          serverId: draft.serverId ?? null,
        } as Start,
      };
    }
    const prediction = pickPrediction(task, project);
    if (prediction) {
      return {
        store: createAnnotationStore(fromPrediction(prediction), options),
        start: { kind: 'prediction', prediction } as Start,
      };
    }
    return { store: createAnnotationStore([], options), start: { kind: 'empty' } as Start };
  });
  const [parentPrediction, setParentPrediction] = useState<number | null>(
    start.kind === 'prediction'
      ? start.prediction.id
      : start.kind === 'draft' || start.kind === 'returned'
        ? start.parentPrediction
        : null,
  );
  const [banner, setBanner] = useState<Start>(start);
  const [missing, setMissing] = useState<MissingAnswer[]>([]);
  const busy = stream.status === 'saving';
  const smartTools = useMemo(() => smartControls(config as EngineConfigView), [config]);
  // Label Studio shows a `smartOnly` tool only while auto-annotation is on.
  const smartOnly = useMemo(
    () =>
      new Set(
        smartTools
          .filter((control) => isTrue(control.attrs.smartOnly))
          .map((control) => control.attrs.name ?? ''),
      ),
    [smartTools],
  );
  const backendId = smart.backend?.id ?? null;
  const session = useMemo(
    () => (backendId === null ? null : new SmartSession(store, task.id, backendId)),
    [store, task.id, backendId],
  );
  useSmartAsking(session, store, smartTools, smart.enabled, smart.autoAccept);
  const draftTimer = useRef(0);
  const [drafts] = useState(
    () =>
      new DraftSaver(
        {
          userId: user.id,
          projectId: project.id,
          taskId: task.id,
          annotationId: revisiting?.annotationId ?? null,
        },
        start.kind === 'draft' ? (start.serverId ?? null) : null,
      ),
  );
  const [changeDraft, putChangeDraftAway] = useDraftOfChanges(
    task.id,
    revisiting?.annotationId ?? null,
    drafts,
  );

  // The draft follows every change, a moment after it; on a revisited task it holds the
  // changes to that annotation. The store is followed here without re-rendering the
  // workspace on every change.
  useEffect(() => {
    let seen = store.getState().revision;
    const unsubscribe = store.subscribe(() => {
      const { revision } = store.getState();
      if (revision === seen) return;
      seen = revision;
      window.clearTimeout(draftTimer.current);
      draftTimer.current = window.setTimeout(() => {
        drafts.save({ result: store.serialize(), parentPrediction, savedAt: Date.now() });
      }, DRAFT_DELAY_MILLISECONDS);
    });
    return () => {
      unsubscribe();
      window.clearTimeout(draftTimer.current);
    };
  }, [store, drafts, parentPrediction]);

  useEffect(() => {
    const frame = requestAnimationFrame(() => stream.shown(task.id));
    return () => cancelAnimationFrame(frame);
    // Once per task on screen.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [task.id]);

  const finish = async (wasCancelled: boolean) => {
    if (busy) return;
    const current = store.getState();
    const shown = shownControls(config, current);
    if (!wasCancelled) {
      const gaps = missingAnswers(config, current, shown);
      setMissing(gaps);
      if (gaps.length > 0) {
        const first = gaps[0];
        if (first?.regionId) store.select(first.regionId);
        const name = first?.control.attrs.name;
        if (name)
          document
            .querySelector(`[data-name="${CSS.escape(name)}"]`)
            ?.scrollIntoView({ block: 'center' });
        return;
      }
    }
    const all = submittedItems(store.serialize(), config, shown);
    const items = session ? session.withoutPending(all) : all;
    // The stream keeps the task when the server refuses; the draft goes once it is saved.
    await stream.send(items, {
      wasCancelled,
      parentPrediction,
      onSaved: () => {
        window.clearTimeout(draftTimer.current);
        void drafts.discard();
      },
    });
  };

  const submit = () => void finish(false);
  const skip = () => {
    if (project.show_skip_button !== false && !revisiting) void finish(true);
  };
  useWorkspaceHotkeys(store, submit, skip);

  const startEmpty = () => {
    store.load([]);
    setParentPrediction(null);
    setBanner({ kind: 'empty' });
    window.clearTimeout(draftTimer.current);
    void drafts.discard(true);
  };

  return (
    <div className={`labeling ${busy ? 'is-saving' : ''}`}>
      <section className="card labeling-main" aria-label="Task">
        <TagTree
          root={taskRoot}
          task={task}
          store={store}
          registry={registry}
          config={config}
          hiddenControls={session && smart.enabled ? NONE_HIDDEN : smartOnly}
        />
      </section>
      <RelationArrows store={store} />
      <aside className="labeling-side">
        <div className="card">
          <div className="action-row">
            {revisiting ? (
              <Button variant="primary" onClick={submit} disabled={busy}>
                {busy ? 'Saving…' : 'Update'}
              </Button>
            ) : (
              <>
                {project.show_skip_button !== false && (
                  <Button onClick={skip} disabled={busy}>
                    Skip
                  </Button>
                )}
                <Button variant="primary" onClick={submit} disabled={busy}>
                  {busy ? 'Saving…' : 'Submit'}
                </Button>
              </>
            )}
          </div>
          <div className="action-row action-row-small">
            <HistoryButtons store={store} />
            <Button
              variant="ghost"
              onClick={stream.back}
              disabled={
                busy || stream.history.length === 0 || stream.revisiting === stream.history[0]
              }
            >
              ← Previous task
            </Button>
            {revisiting && (
              <Button variant="ghost" onClick={stream.forward} disabled={busy}>
                Next →
              </Button>
            )}
          </div>
          <p className="muted small">
            <kbd>Ctrl</kbd>+<kbd>Enter</kbd> submits · <kbd>Ctrl</kbd>+<kbd>Space</kbd> skips ·{' '}
            <kbd>Ctrl</kbd>+<kbd>Z</kbd> undoes · <kbd>Del</kbd> removes the selected region
          </p>
          {missing.length > 0 && (
            <div className="error-message missing-answers" role="alert">
              <ul>
                {missing.map((gap) => (
                  <li key={`${gap.control.attrs.name}:${gap.regionId ?? ''}`}>{gap.message}</li>
                ))}
              </ul>
            </div>
          )}
          {stream.status === 'ready' && <ErrorMessage error={stream.error} />}
        </div>
        {session && smart.backend && (
          <SmartPanel
            session={session}
            title={smart.backend.title || `ML backend ${smart.backend.id}`}
            settings={smart}
          />
        )}
        <StartBanner
          banner={banner}
          onStartEmpty={startEmpty}
          revisiting={Boolean(revisiting)}
          changeDraft={changeDraft}
          onRestoreChanges={() => {
            if (changeDraft) store.load(changeDraft.result);
            putChangeDraftAway();
          }}
        />
        <div className="card">
          <h2>Results</h2>
          <ResultList store={store} relationLabels={relationLabelsOf(taskRoot)} />
        </div>
      </aside>
    </div>
  );
}

/** Undo and redo, the only part of the side panel that follows every change. */
function HistoryButtons({ store }: { store: AnnotationStore }) {
  const { canUndo, canRedo } = useAnnotationState(store);
  return (
    <>
      <Button variant="ghost" onClick={() => store.undo()} disabled={!canUndo} aria-label="Undo">
        ↶ Undo
      </Button>
      <Button variant="ghost" onClick={() => store.redo()} disabled={!canRedo} aria-label="Redo">
        Redo ↷
      </Button>
    </>
  );
}

function StartBanner({
  banner,
  onStartEmpty,
  revisiting,
  changeDraft,
  onRestoreChanges,
}: {
  banner: Start;
  onStartEmpty: () => void;
  revisiting: boolean;
  changeDraft: ServerDraft | null;
  onRestoreChanges: () => void;
}) {
  if (revisiting) {
    return (
      <div className="card banner banner-revisit" role="status">
        You are changing an answer you gave earlier; <strong>Update</strong> saves it.
        {changeDraft && (
          <>
            {' '}
            Unsaved changes from {new Date(changeDraft.updated_at).toLocaleTimeString()}:{' '}
            <button type="button" className="link-button" onClick={onRestoreChanges}>
              Restore them
            </button>
          </>
        )}
      </div>
    );
  }
  if (banner.kind === 'draft') {
    return (
      <div className="card banner banner-draft" role="status">
        Draft from {new Date(banner.savedAt).toLocaleTimeString()} restored.{' '}
        <button type="button" className="link-button" onClick={onStartEmpty}>
          Discard it
        </button>
      </div>
    );
  }
  if (banner.kind === 'prediction') {
    const { prediction } = banner;
    const score =
      typeof prediction.score === 'number' ? ` · score ${prediction.score.toFixed(2)}` : '';
    return (
      <div className="card banner banner-prediction" role="status">
        Pre-annotated from prediction {prediction.id}
        {prediction.model_version ? ` (${prediction.model_version})` : ''}
        {score}: accept it, change it, or{' '}
        <button type="button" className="link-button" onClick={onStartEmpty}>
          start empty
        </button>
        .
      </div>
    );
  }
  return null;
}

export function LabelPage({ projectId, user }: { projectId: number; user: User }) {
  const [project, setProject] = useState<Project | null>(null);
  const [projectError, setProjectError] = useState<unknown>(null);
  const { registry, error: registryError } = useRegistry();
  const stream = useLabelStream(projectId);
  const { task } = stream;

  useEffect(() => {
    apiGet<Project>(`/api/projects/${projectId}/`).then(setProject).catch(setProjectError);
  }, [projectId]);

  const parsed = useMemo(() => parseConfig(project?.label_config ?? ''), [project]);
  const backend = useInteractiveBackend(projectId, hasSmartTools(parsed.root ?? null));
  const smart = useSmartSwitches(backend);

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

  if (stream.status === 'empty' && !stream.revisiting) {
    return (
      <main className="page">
        {header}
        <EmptyState title="No more tasks for you">
          <p>Every task is labeled, done by you, or reserved by other annotators.</p>
          <div className="action-row">
            {stream.history.length > 0 && <Button onClick={stream.back}>← Previous task</Button>}
            <Link className="btn btn-primary" href={`/projects/${projectId}`}>
              Back to the project
            </Link>
          </div>
        </EmptyState>
      </main>
    );
  }

  const root = parsed.root;
  const ready = project && registry && root && task && stream.status !== 'loading';
  return (
    <main
      className={`page page-wide ${isTrue(project?.settings?.compact as string) ? 'compact' : ''}`}
    >
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
      {ready && (
        <TaskWorkspace
          key={`${task.id}:${stream.revisiting ? stream.revisiting.annotationId : 'new'}`}
          root={root}
          registry={registry}
          project={project}
          stream={stream}
          task={task}
          user={user}
          smart={smart}
        />
      )}
    </main>
  );
}
