import { useEffect, useRef, useState, useSyncExternalStore } from 'react';

import { isTrue, newResultId } from '@labelcore/plugin-api';
import type { AnnotationStore, ConfigNode, RelationItem, ResultItem } from '@labelcore/plugin-api';

import { apiGet, apiPost } from '../api/client';
import type { EngineConfigView } from './configView';
import { walk } from './configView';

// Label Studio's smart tools: with auto-annotation on, a region drawn by a control marked
// `smart` or `smartOnly` goes to the project's interactive ML backend as context, and the
// regions the model answers are shown as suggestions to accept or reject. The drawn region
// was only a question to the model; its answer takes its place.

export interface InteractiveBackend {
  id: number;
  title: string;
  is_interactive: boolean;
}

export interface InteractiveAnswer {
  result: (ResultItem | RelationItem)[];
  score: number | null;
  model_version: string;
}

/** What a smart tool sends: the task and the region drawn, as Label Studio's editor does. */
export interface InteractiveQuestion {
  task: number;
  context: { result: ResultItem[] };
}

export type AskModel = (
  backendId: number,
  question: InteractiveQuestion,
) => Promise<InteractiveAnswer>;

const askBackend: AskModel = (backendId, question) =>
  apiPost<InteractiveAnswer>(`/api/ml/${backendId}/interactive-annotating`, question);

/** The controls whose regions can ask the model. */
export function smartControls(config: EngineConfigView): ConfigNode[] {
  return config.controls.filter(
    (control) => isTrue(control.attrs.smart) || isTrue(control.attrs.smartOnly),
  );
}

export interface SmartState {
  /** The model is being asked about the region with this id. */
  asking: string | null;
  /** Suggested regions not yet accepted, by id. */
  suggested: readonly string[];
  modelVersion: string;
  error: string | null;
}

const IDLE: SmartState = { asking: null, suggested: [], modelVersion: '', error: null };

/** The suggestions of one task's auto-annotation, shared by the canvas and the side panel. */
export class SmartSession {
  private state: SmartState = IDLE;
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly store: AnnotationStore,
    private readonly taskId: number,
    private readonly backendId: number,
    private readonly askModel: AskModel = askBackend,
  ) {}

  getState = (): SmartState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private set(next: Partial<SmartState>): void {
    this.state = { ...this.state, ...next };
    for (const listener of this.listeners) listener();
  }

  /**
   * Sends the region `drawn` as context and puts the model's regions in its place, as
   * suggestions, or accepted at once with `acceptAtOnce`.
   */
  async ask(drawn: ResultItem, acceptAtOnce = false): Promise<void> {
    this.set({ asking: drawn.id, error: null });
    // Serialized, so that the model sees the region as it would be submitted.
    const asked = this.store
      .serialize()
      .filter((item): item is ResultItem => item.type !== 'relation')
      .filter((item) => item.id === drawn.id);
    let answer: InteractiveAnswer;
    try {
      answer = await this.askModel(this.backendId, {
        task: this.taskId,
        context: { result: asked },
      });
    } catch (caught) {
      const message = caught instanceof Error ? caught.message : String(caught);
      this.set({ asking: null, error: `The ML backend gave no suggestion: ${message}` });
      return;
    }

    const regions = answer.result.filter((item): item is ResultItem => item.type !== 'relation');
    if (regions.length === 0) {
      this.set({ asking: null, error: 'The ML backend suggested no region here.' });
      return;
    }
    this.store.remove(drawn.id);
    // New ids, the same for the items of one suggested region (its label, its text); a
    // model that sends no ids makes a region of each item.
    const ids = new Map<string, string>();
    const added = new Set<string>();
    for (const region of regions) {
      const id = (region.id && ids.get(region.id)) || newResultId();
      if (region.id) ids.set(region.id, id);
      added.add(id);
      this.store.add({
        ...region,
        id,
        origin: 'prediction',
        ...(typeof answer.score === 'number' ? { score: answer.score } : {}),
      });
    }
    this.set({
      asking: null,
      suggested: acceptAtOnce ? this.state.suggested : [...this.state.suggested, ...added],
      modelVersion: answer.model_version,
    });
  }

  accept(ids: readonly string[] = this.state.suggested): void {
    this.set({ suggested: this.state.suggested.filter((id) => !ids.includes(id)) });
  }

  reject(ids: readonly string[] = this.state.suggested): void {
    for (const id of ids) this.store.remove(id);
    this.accept(ids);
  }

  /** Suggestions nobody accepted are not part of the answer, as in Label Studio. */
  withoutPending<T extends ResultItem | RelationItem>(items: T[]): T[] {
    const pending = new Set(this.state.suggested);
    return items.filter((item) =>
      item.type === 'relation'
        ? !pending.has((item as RelationItem).from_id) && !pending.has((item as RelationItem).to_id)
        : !pending.has((item as ResultItem).id),
    );
  }
}

/** The project's interactive ML backend, if it has one and the config has smart tools. */
export function useInteractiveBackend(
  projectId: number,
  hasSmartTools: boolean,
): InteractiveBackend | null {
  const [backend, setBackend] = useState<InteractiveBackend | null>(null);
  useEffect(() => {
    if (!hasSmartTools) return undefined;
    let live = true;
    apiGet<InteractiveBackend[]>(`/api/ml/?project=${projectId}&is_interactive=true`)
      .then((found) => live && setBackend(found.find((each) => each.is_interactive) ?? null))
      // Without the ML plugin, or without the right to list backends, the tools draw as usual.
      .catch(() => live && setBackend(null));
    return () => {
      live = false;
    };
  }, [projectId, hasSmartTools]);
  return backend;
}

/**
 * While `enabled`, every new region drawn by a smart control asks the model. Regions loaded
 * with the task, suggestions and edits ask nothing.
 */
export function useSmartAsking(
  session: SmartSession | null,
  store: AnnotationStore,
  controls: readonly ConfigNode[],
  enabled: boolean,
  acceptAtOnce = false,
): void {
  const seen = useRef(new Set(store.getState().results.map((item) => item.id)));
  useEffect(() => {
    const names = new Set(controls.map((control) => control.attrs.name ?? ''));
    return store.subscribe(() => {
      const { results } = store.getState();
      const fresh = results.filter((item) => !seen.current.has(item.id));
      for (const item of results) seen.current.add(item.id);
      if (!session || !enabled) return;
      for (const item of fresh) {
        if (names.has(item.from_name) && item.origin !== 'prediction' && store.isRegion(item)) {
          void session.ask(item, acceptAtOnce);
        }
      }
    });
  }, [session, store, controls, enabled, acceptAtOnce]);
}

export function useSmartState(session: SmartSession | null): SmartState {
  return useSyncExternalStore(
    session?.subscribe ?? noSubscription,
    session?.getState ?? idleState,
    session?.getState ?? idleState,
  );
}

const noSubscription = () => () => undefined;
const idleState = () => IDLE;

export interface SmartSettings {
  backend: InteractiveBackend | null;
  enabled: boolean;
  onEnabled(enabled: boolean): void;
  /** Suggestions go into the answer as they come, with no accept step. */
  autoAccept: boolean;
  onAutoAccept(autoAccept: boolean): void;
}

export const NONE_HIDDEN: ReadonlySet<string> = new Set();

/** An on/off choice of the annotator's, kept in this browser. */
function useBrowserSwitch(key: string): [boolean, (on: boolean) => void] {
  const [on, setOn] = useState(() => {
    try {
      return window.localStorage.getItem(key) === 'on';
    } catch {
      return false;
    }
  });
  const change = (next: boolean) => {
    setOn(next);
    try {
      window.localStorage.setItem(key, next ? 'on' : 'off');
    } catch {
      // The switch still works for this page.
    }
  };
  return [on, change];
}

/** Label Studio's two switches: auto-annotation, and accepting its suggestions at once. */
export function useSmartSwitches(backend: InteractiveBackend | null): SmartSettings {
  const [enabled, onEnabled] = useBrowserSwitch('labelcore:auto-annotation');
  const [autoAccept, onAutoAccept] = useBrowserSwitch('labelcore:auto-accept');
  return { backend, enabled, onEnabled, autoAccept, onAutoAccept };
}

export function hasSmartTools(root: ConfigNode | null): boolean {
  let found = false;
  if (root)
    walk(root, (node) => {
      if (isTrue(node.attrs.smart) || isTrue(node.attrs.smartOnly)) found = true;
    });
  return found;
}
