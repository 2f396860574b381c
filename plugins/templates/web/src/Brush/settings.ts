import { useSyncExternalStore } from 'react';

/** The brush of a painting control: its diameter in image pixels, and whether it erases. */
export interface BrushSettings {
  size: number;
  erase: boolean;
}

const DEFAULT: BrushSettings = { size: 20, erase: false };
const settings = new Map<string, BrushSettings>();
const listeners = new Set<() => void>();

export function brushSettings(controlName: string): BrushSettings {
  return settings.get(controlName) ?? DEFAULT;
}

export function setBrushSettings(controlName: string, change: Partial<BrushSettings>): void {
  settings.set(controlName, { ...brushSettings(controlName), ...change });
  for (const listener of listeners) listener();
}

export function useBrushSettings(controlName: string): BrushSettings {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => brushSettings(controlName),
  );
}
