import type { RelationItem, ResultItem } from '@labelcore/plugin-api';

// Drafts are kept in the browser, per annotator, project and task: a reload, a crash or a
// closed tab loses nothing, and opening the task again brings the work back.

export interface Draft {
  result: (ResultItem | RelationItem)[];
  parentPrediction: number | null;
  /** When it was saved, in milliseconds since the epoch. */
  savedAt: number;
}

const PREFIX = 'labelcore:draft';
// A draft nobody came back to in this long is stale and goes.
const KEEP_MILLISECONDS = 30 * 24 * 3600 * 1000;

function keyOf(userId: number, projectId: number, taskId: number): string {
  return `${PREFIX}:${userId}:${projectId}:${taskId}`;
}

export function readDraft(userId: number, projectId: number, taskId: number): Draft | null {
  try {
    const raw = window.localStorage.getItem(keyOf(userId, projectId, taskId));
    if (!raw) return null;
    const draft = JSON.parse(raw) as Draft;
    if (!Array.isArray(draft.result) || Date.now() - draft.savedAt > KEEP_MILLISECONDS) {
      return null;
    }
    return draft;
  } catch {
    return null;
  }
}

export function writeDraft(userId: number, projectId: number, taskId: number, draft: Draft) {
  try {
    window.localStorage.setItem(keyOf(userId, projectId, taskId), JSON.stringify(draft));
  } catch {
    // A full or disabled storage only costs the draft, never the work on screen.
  }
}

export function dropDraft(userId: number, projectId: number, taskId: number): void {
  try {
    window.localStorage.removeItem(keyOf(userId, projectId, taskId));
  } catch {
    // As above: nothing to lose.
  }
}
