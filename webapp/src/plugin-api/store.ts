import { useSyncExternalStore } from 'react';

import { History } from './history';
import type { Snapshot } from './history';
import type { NewResultItem, RelationItem, ResultItem } from './types';

/** What the store holds; a new object after every change, so React can compare by identity. */
export interface AnnotationState {
  readonly results: readonly ResultItem[];
  /** Links between two regions, Label Studio's `relation` items. */
  readonly relations: readonly RelationItem[];
  readonly selectedId: string | null;
  /** The label each labeling control (Labels, RectangleLabels) will apply next. */
  readonly activeLabels: Readonly<Record<string, string | null>>;
  /** Regions the annotator hid from view, and regions locked against change. */
  readonly hiddenIds: readonly string[];
  readonly lockedIds: readonly string[];
  /** The region a new relation starts from while the annotator picks its other end. */
  readonly linkingFrom: string | null;
  readonly canUndo: boolean;
  readonly canRedo: boolean;
  /** Moves on every change of results or relations (not of selection), for drafts. */
  readonly revision: number;
}

/** The result items of one annotation being made, and the little UI state around them. */
export interface AnnotationStore {
  getState(): AnnotationState;
  subscribe(listener: () => void): () => void;
  /** Every result item a control wrote (`from_name` is the control's name). */
  resultsOf(fromName: string): readonly ResultItem[];
  /** The region with this id (the item that drew it), if there is one. */
  regionOf(id: string): ResultItem | undefined;
  isRegion(item: ResultItem): boolean;
  add(item: NewResultItem): ResultItem;
  /** A new value for the item `id` (of control `fromName` when several items share the id). */
  update(id: string, value: Record<string, unknown>, fromName?: string): void;
  /** Removes a region with everything attached to it: per-region results and relations. */
  remove(id: string): void;
  /** Removes one item of a control, leaving the region and its other results. */
  removeItem(id: string, fromName: string): void;
  /** Keep exactly one item for this control and object, or none when `value` is `null`. */
  setSingle(
    fromName: string,
    toName: string,
    type: string,
    value: Record<string, unknown> | null,
  ): void;
  select(id: string | null): void;
  /** The label a control applies next; picking one puts down every other control's. */
  setActiveLabel(controlName: string, label: string | null): void;
  toggleHidden(id: string): void;
  toggleLocked(id: string): void;
  startLinking(id: string | null): void;
  addRelation(fromId: string, toId: string): void;
  updateRelation(index: number, change: Partial<Omit<RelationItem, 'type'>>): void;
  removeRelation(index: number): void;
  undo(): void;
  redo(): void;
  /** Starts over from these items (a draft, a prediction, an earlier annotation). */
  load(items: readonly (ResultItem | RelationItem)[]): void;
  /**
   * How far the view of image `toName` is turned, in degrees clockwise. It is no step of
   * undo (the regions stay where they are on the image); every item on that image carries
   * it as `image_rotation` when serialized, as Label Studio writes it.
   */
  setImageRotation(toName: string, degrees: number): void;
  /** The rotation last set for image `toName`, if any. */
  imageRotationOf(toName: string): number | undefined;
  /** The items to send to the server. */
  serialize(): (ResultItem | RelationItem)[];
}

export interface StoreOptions {
  /** Result types that are regions (a box, a span); others are classifications. */
  regionTypes?: Iterable<string>;
}

const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
// Typing and dragging send many changes; those to one target this close together are one
// step of undo.
const COALESCE_MILLISECONDS = 1000;

/** A short random id, as Label Studio's editor gives result items. */
export function newResultId(length = 10): string {
  const bytes = new Uint8Array(length);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (byte) => ID_ALPHABET[byte % ID_ALPHABET.length]).join('');
}

export function isRelation(item: ResultItem | RelationItem): item is RelationItem {
  return item.type === 'relation' && 'from_id' in item;
}

function splitItems(items: readonly (ResultItem | RelationItem)[]): Snapshot {
  const results: ResultItem[] = [];
  const relations: RelationItem[] = [];
  for (const item of items) {
    if (isRelation(item)) relations.push({ ...item });
    else results.push({ ...item, value: { ...item.value } });
  }
  return { results, relations };
}

/** A region's value without its label list: the geometry a per-region result repeats. */
function geometryOf(region: ResultItem): Record<string, unknown> {
  return Object.fromEntries(Object.entries(region.value).filter(([key]) => key !== region.type));
}

export function createAnnotationStore(
  initial: readonly (ResultItem | RelationItem)[] = [],
  options: StoreOptions = {},
): AnnotationStore {
  const regionTypes = new Set(options.regionTypes ?? []);
  const history = new History(COALESCE_MILLISECONDS);
  const start = splitItems(initial);
  let state: AnnotationState = {
    ...start,
    selectedId: null,
    activeLabels: {},
    hiddenIds: [],
    lockedIds: [],
    linkingFrom: null,
    canUndo: false,
    canRedo: false,
    revision: 0,
  };
  const listeners = new Set<() => void>();
  const imageRotations = new Map<string, number>();

  const isRegion = (item: ResultItem) => regionTypes.has(item.type);
  const regionOf = (id: string) =>
    state.results.find((item) => item.id === id && isRegion(item)) ??
    state.results.find((item) => item.id === id);

  function notify(): void {
    for (const listener of listeners) listener();
  }

  function commit(next: Partial<AnnotationState>): void {
    state = { ...state, ...next };
    notify();
  }

  /** A change to results or relations: one step of undo unless it continues the last. */
  function change(next: Partial<Snapshot> & Partial<AnnotationState>, coalesceKey?: string) {
    history.record({ results: state.results, relations: state.relations }, coalesceKey);
    commit({
      ...next,
      canUndo: history.canUndo,
      canRedo: history.canRedo,
      revision: state.revision + 1,
    });
  }

  function restore(snapshot: Snapshot | null): void {
    if (!snapshot) return;
    const ids = new Set(snapshot.results.map((item) => item.id));
    commit({
      ...snapshot,
      selectedId: state.selectedId && ids.has(state.selectedId) ? state.selectedId : null,
      canUndo: history.canUndo,
      canRedo: history.canRedo,
      revision: state.revision + 1,
    });
  }

  const store: AnnotationStore = {
    getState: () => state,

    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    resultsOf: (fromName) => state.results.filter((item) => item.from_name === fromName),
    regionOf,
    isRegion,

    add(item) {
      const stored: ResultItem = { ...item, id: item.id ?? newResultId() };
      change({ results: [...state.results, stored] });
      return stored;
    },

    update(id, value, fromName) {
      const target =
        fromName === undefined
          ? regionOf(id)
          : state.results.find((item) => item.id === id && item.from_name === fromName);
      if (!target) return;
      const origin = target.origin === 'prediction' ? 'prediction-changed' : target.origin;
      const updated: ResultItem = { ...target, value, ...(origin ? { origin } : {}) };
      change(
        { results: state.results.map((item) => (item === target ? updated : item)) },
        `update:${id}:${target.from_name}`,
      );
    },

    remove(id) {
      change({
        results: state.results.filter((item) => item.id !== id),
        relations: state.relations.filter((link) => link.from_id !== id && link.to_id !== id),
        selectedId: state.selectedId === id ? null : state.selectedId,
        hiddenIds: state.hiddenIds.filter((each) => each !== id),
        lockedIds: state.lockedIds.filter((each) => each !== id),
      });
    },

    removeItem(id, fromName) {
      const kept = state.results.filter((item) => !(item.id === id && item.from_name === fromName));
      if (kept.length !== state.results.length) change({ results: kept });
    },

    setSingle(fromName, toName, type, value) {
      const matches = (item: ResultItem) => item.from_name === fromName && item.to_name === toName;
      const existing = state.results.find(matches);
      const others = state.results.filter((item) => !matches(item));
      const key = `single:${fromName}:${toName}`;
      if (value === null) {
        if (existing) change({ results: others }, key);
        return;
      }
      const id = existing?.id ?? newResultId();
      const item: ResultItem = { id, from_name: fromName, to_name: toName, type, value };
      if (existing?.origin)
        item.origin = existing.origin === 'prediction' ? 'prediction-changed' : existing.origin;
      change({ results: [...others, item] }, key);
    },

    select(id) {
      if (state.selectedId !== id) commit({ selectedId: id });
    },

    setActiveLabel(controlName, label) {
      // A label and a tool switch ('' for a control without labels) may be on together
      // (Labels with Rectangle over one image); two labels, or two switches, may not. The
      // control picked last comes last, so a renderer can tell which was picked most
      // recently.
      const switching = label === '';
      const activeLabels: Record<string, string | null> = {};
      for (const [name, value] of Object.entries(state.activeLabels)) {
        if (name === controlName) continue;
        const kept = label === null || value === null || (value === '') !== switching;
        activeLabels[name] = kept ? value : null;
      }
      activeLabels[controlName] = label;
      commit({ activeLabels });
    },

    toggleHidden(id) {
      const hidden = state.hiddenIds.includes(id);
      commit({
        hiddenIds: hidden
          ? state.hiddenIds.filter((each) => each !== id)
          : [...state.hiddenIds, id],
        selectedId: !hidden && state.selectedId === id ? null : state.selectedId,
      });
    },

    toggleLocked(id) {
      const locked = state.lockedIds.includes(id);
      commit({
        lockedIds: locked
          ? state.lockedIds.filter((each) => each !== id)
          : [...state.lockedIds, id],
      });
    },

    startLinking(id) {
      commit({ linkingFrom: id });
    },

    addRelation(fromId, toId) {
      const exists = state.relations.some((link) => link.from_id === fromId && link.to_id === toId);
      if (fromId === toId || exists) {
        commit({ linkingFrom: null });
        return;
      }
      const relation: RelationItem = {
        from_id: fromId,
        to_id: toId,
        type: 'relation',
        direction: 'right',
        labels: [],
      };
      change({ relations: [...state.relations, relation], linkingFrom: null });
    },

    updateRelation(index, patch) {
      change({
        relations: state.relations.map((link, at) => (at === index ? { ...link, ...patch } : link)),
      });
    },

    removeRelation(index) {
      change({ relations: state.relations.filter((_link, at) => at !== index) });
    },

    undo() {
      restore(history.undo({ results: state.results, relations: state.relations }));
    },

    redo() {
      restore(history.redo({ results: state.results, relations: state.relations }));
    },

    load(items) {
      history.clear();
      commit({
        ...splitItems(items),
        selectedId: null,
        hiddenIds: [],
        lockedIds: [],
        linkingFrom: null,
        canUndo: false,
        canRedo: false,
        revision: state.revision + 1,
      });
    },

    serialize() {
      const regions = new Map<string, ResultItem>();
      for (const item of state.results) if (isRegion(item)) regions.set(item.id, item);
      const results = state.results.map((item) => {
        const region = regions.get(item.id);
        if (!region || region === item) return { ...item, value: { ...item.value } };
        // A per-region result repeats its region's geometry, as Label Studio writes it.
        const attached: ResultItem = {
          ...item,
          to_name: region.to_name,
          value: { ...item.value, ...geometryOf(region) },
        };
        for (const key of ['original_width', 'original_height', 'image_rotation'] as const) {
          if (region[key] !== undefined) attached[key] = region[key];
        }
        return attached;
      });
      for (const item of results) {
        const turned = imageRotations.get(item.to_name);
        if (turned !== undefined && item.original_width !== undefined) item.image_rotation = turned;
      }
      return [...results, ...state.relations.map((link) => ({ ...link }))];
    },

    setImageRotation(toName, degrees) {
      if (imageRotations.get(toName) === degrees) return;
      imageRotations.set(toName, degrees);
      // The serialized result changed: a new revision, so the draft follows.
      commit({ revision: state.revision + 1 });
    },

    imageRotationOf: (toName) => imageRotations.get(toName),
  };
  return store;
}

/**
 * The store as a per-region control sees it: only the items attached to region `regionId`,
 * and `setSingle` writes an item carrying that region's id, so that any control (Choices,
 * TextArea, a plugin's slider) works per region unchanged.
 */
export function regionScope(store: AnnotationStore, regionId: string): AnnotationStore {
  let seen: AnnotationState | null = null;
  let scoped: AnnotationState | null = null;
  const attached = (items: readonly ResultItem[]) =>
    items.filter((item) => item.id === regionId && !store.isRegion(item));

  const getState = () => {
    const current = store.getState();
    if (current !== seen || !scoped) {
      seen = current;
      scoped = { ...current, results: attached(current.results) };
    }
    return scoped;
  };

  return {
    ...store,
    getState,
    resultsOf: (fromName) =>
      attached(store.getState().results).filter((item) => item.from_name === fromName),
    setSingle(fromName, _toName, type, value) {
      const region = store.regionOf(regionId);
      if (!region) return;
      const existing = store
        .getState()
        .results.find((item) => item.id === regionId && item.from_name === fromName);
      if (value === null) {
        if (existing) store.removeItem(regionId, fromName);
        return;
      }
      if (existing) {
        store.update(regionId, value, fromName);
        return;
      }
      store.add({ id: regionId, from_name: fromName, to_name: region.to_name, type, value });
    },
  };
}

/** The store's current state, re-rendering the caller on every change. */
export function useAnnotationState(store: AnnotationStore): AnnotationState {
  return useSyncExternalStore(store.subscribe, store.getState, store.getState);
}

/** The items one control wrote, re-rendering the caller when the store changes. */
export function useControlResults(store: AnnotationStore, fromName: string): ResultItem[] {
  const state = useAnnotationState(store);
  return state.results.filter((item) => item.from_name === fromName);
}
