import type { RelationItem, ResultItem } from './types';

/** The part of an annotation that undo and redo restore. */
export interface Snapshot {
  readonly results: readonly ResultItem[];
  readonly relations: readonly RelationItem[];
}

const MAX_STEPS = 200;

/**
 * Undo and redo as two stacks of snapshots. Changes that share a coalescing key and follow
 * each other closely (letters typed into one field) are one step.
 */
export class History {
  private past: Snapshot[] = [];
  private future: Snapshot[] = [];
  private lastKey: string | undefined;
  private lastAt = 0;

  constructor(private readonly coalesceMilliseconds: number) {}

  get canUndo(): boolean {
    return this.past.length > 0;
  }

  get canRedo(): boolean {
    return this.future.length > 0;
  }

  /** Called before a change with the state it replaces. */
  record(before: Snapshot, coalesceKey?: string): void {
    const now = Date.now();
    const continues =
      coalesceKey !== undefined &&
      coalesceKey === this.lastKey &&
      now - this.lastAt < this.coalesceMilliseconds &&
      this.past.length > 0;
    this.lastKey = coalesceKey;
    this.lastAt = now;
    this.future = [];
    if (continues) return;
    this.past.push(before);
    if (this.past.length > MAX_STEPS) this.past.shift();
  }

  undo(current: Snapshot): Snapshot | null {
    const previous = this.past.pop();
    if (!previous) return null;
    this.future.push(current);
    this.lastKey = undefined;
    return previous;
  }

  redo(current: Snapshot): Snapshot | null {
    const next = this.future.pop();
    if (!next) return null;
    this.past.push(current);
    this.lastKey = undefined;
    return next;
  }

  clear(): void {
    this.past = [];
    this.future = [];
    this.lastKey = undefined;
  }
}
