import { useSyncExternalStore } from 'react';

import type { NewResultItem, ResultItem } from './types';

/** What the store holds; a new object after every change, so React can compare by identity. */
export interface AnnotationState {
  readonly results: readonly ResultItem[];
  readonly selectedId: string | null;
  /** The label each labeling control (Labels, RectangleLabels) will apply next. */
  readonly activeLabels: Readonly<Record<string, string | null>>;
}

/** The result items of one annotation being made, and the little UI state around them. */
export interface AnnotationStore {
  getState(): AnnotationState;
  subscribe(listener: () => void): () => void;
  /** Every result item a control wrote (`from_name` is the control's name). */
  resultsOf(fromName: string): readonly ResultItem[];
  add(item: NewResultItem): ResultItem;
  update(id: string, value: Record<string, unknown>): void;
  remove(id: string): void;
  /** Keep exactly one item for this control and object, or none when `value` is `null`. */
  setSingle(
    fromName: string,
    toName: string,
    type: string,
    value: Record<string, unknown> | null,
  ): void;
  select(id: string | null): void;
  setActiveLabel(controlName: string, label: string | null): void;
  /** The items to send to the server. */
  serialize(): ResultItem[];
}

const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** A short random id, as Label Studio's editor gives result items. */
export function newResultId(length = 10): string {
  const bytes = new Uint8Array(length);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (byte) => ID_ALPHABET[byte % ID_ALPHABET.length]).join('');
}

export function createAnnotationStore(initial: readonly ResultItem[] = []): AnnotationStore {
  let state: AnnotationState = { results: [...initial], selectedId: null, activeLabels: {} };
  const listeners = new Set<() => void>();

  function commit(next: Partial<AnnotationState>): void {
    state = { ...state, ...next };
    for (const listener of listeners) listener();
  }

  return {
    getState: () => state,

    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    resultsOf: (fromName) => state.results.filter((item) => item.from_name === fromName),

    add(item) {
      const stored: ResultItem = { ...item, id: item.id ?? newResultId() };
      commit({ results: [...state.results, stored] });
      return stored;
    },

    update(id, value) {
      commit({
        results: state.results.map((item) => (item.id === id ? { ...item, value } : item)),
      });
    },

    remove(id) {
      commit({
        results: state.results.filter((item) => item.id !== id),
        selectedId: state.selectedId === id ? null : state.selectedId,
      });
    },

    setSingle(fromName, toName, type, value) {
      const others = state.results.filter(
        (item) => !(item.from_name === fromName && item.to_name === toName),
      );
      const existing = state.results.find(
        (item) => item.from_name === fromName && item.to_name === toName,
      );
      if (value === null) {
        commit({ results: others });
        return;
      }
      const id = existing?.id ?? newResultId();
      commit({ results: [...others, { id, from_name: fromName, to_name: toName, type, value }] });
    },

    select(id) {
      commit({ selectedId: id });
    },

    setActiveLabel(controlName, label) {
      commit({ activeLabels: { ...state.activeLabels, [controlName]: label } });
    },

    serialize: () => state.results.map((item) => ({ ...item })),
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
