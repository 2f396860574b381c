import { useSyncExternalStore } from 'react';

// What a Filter tag typed for the control it filters (its toName), read by that control.

const typed = new Map<string, string>();
const listeners = new Set<() => void>();

export function setFilterText(controlName: string, text: string): void {
  typed.set(controlName, text);
  for (const listener of listeners) listener();
}

export function useFilterText(controlName: string): string {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => typed.get(controlName) ?? '',
  );
}

/** Whether an option's title matches what was typed (case and accents ignored). */
export function matchesFilter(title: string, text: string): boolean {
  if (!text) return true;
  const fold = (value: string) => value.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
  return fold(title).includes(fold(text.trim()));
}
