import { useEffect, useState } from 'react';

import type { RelationItem, ResultItem } from '@labelcore/plugin-api';

import { ApiError, apiDelete, apiGet, apiPatch, apiPost } from '../api/client';

// Drafts live on the server, per annotator and task, so the work comes back in another
// browser too. The browser keeps a copy only while the server cannot be reached: a reload
// offline, a crash or a closed tab still loses nothing.

export interface Draft {
  result: (ResultItem | RelationItem)[];
  parentPrediction: number | null;
  /** When it was saved, in milliseconds since the epoch. */
  savedAt: number;
  /** The server's draft, when it holds this one. */
  serverId?: number;
}

/** A draft as the server sends it, in the task's `drafts` list. */
export interface ServerDraft {
  id: number;
  result: (ResultItem | RelationItem)[];
  annotation: number | null;
  parent_prediction: number | null;
  lead_time: number | null;
  updated_at: string;
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

/** The draft to start from: the newer of the server's (of a new answer) and the browser's. */
export function pickDraft(
  serverDrafts: readonly ServerDraft[] | undefined,
  local: Draft | null,
): Draft | null {
  const fresh = (serverDrafts ?? []).filter((each) => each.annotation === null);
  const newest = fresh[fresh.length - 1];
  const fromServer: Draft | null = newest
    ? {
        result: newest.result,
        parentPrediction: newest.parent_prediction,
        savedAt: Date.parse(newest.updated_at),
        serverId: newest.id,
      }
    : null;
  if (!fromServer) return local;
  if (!local || local.savedAt <= fromServer.savedAt) return fromServer;
  return { ...local, serverId: fromServer.serverId };
}

export interface DraftPlace {
  userId: number;
  projectId: number;
  taskId: number;
  /** The annotation being changed, for a draft of changes to an earlier answer. */
  annotationId?: number | null;
}

/**
 * Saves one task's draft to the server, one request at a time and always the latest work:
 * the first save creates the draft, the rest change it. A save the server does not take
 * goes to the browser instead. Once the answer is submitted the saver closes and removes
 * the draft, after any save still in flight.
 */
export class DraftSaver {
  private serverId: number | null;
  private pending: Draft | null = null;
  private running: Promise<void> | null = null;
  private closed = false;

  constructor(
    private readonly place: DraftPlace,
    serverId: number | null = null,
    private readonly startedAt = Date.now(),
  ) {
    this.serverId = serverId;
  }

  /** Goes on with a draft the server already holds, instead of making another. */
  adopt(serverId: number): void {
    if (this.serverId === null) this.serverId = serverId;
  }

  save(draft: Draft): void {
    if (this.closed) return;
    this.pending = draft;
    if (!this.running) this.running = this.drain();
  }

  /**
   * Ends the draft: what was saved goes, and nothing more is saved unless `keepSaving`
   * (the annotator threw the draft away and starts again on the same task).
   */
  async discard(keepSaving = false): Promise<void> {
    this.closed = true;
    this.pending = null;
    const { userId, projectId, taskId } = this.place;
    dropDraft(userId, projectId, taskId);
    await this.running;
    const id = this.serverId;
    this.serverId = null;
    if (id !== null) {
      try {
        await apiDelete(`/api/drafts/${id}`);
      } catch {
        // The server drops a draft its author submitted after it by itself.
      }
    }
    this.closed = !keepSaving;
  }

  private async drain(): Promise<void> {
    while (this.pending && !this.closed) {
      const draft = this.pending;
      this.pending = null;
      await this.send(draft);
    }
    this.running = null;
  }

  private async send(draft: Draft): Promise<void> {
    const { userId, projectId, taskId } = this.place;
    const { annotationId } = this.place;
    const body = {
      ...(annotationId ? { annotation: annotationId } : {}),
      result: draft.result,
      lead_time: Math.max(0, (draft.savedAt - this.startedAt) / 1000),
      parent_prediction: draft.parentPrediction,
    };
    try {
      if (this.serverId !== null) {
        try {
          await apiPatch<ServerDraft>(`/api/drafts/${this.serverId}`, body);
        } catch (caught) {
          // Removed meanwhile (another tab submitted, or discarded it): save it anew.
          if (!(caught instanceof ApiError && caught.status === 404)) throw caught;
          this.serverId = null;
        }
      }
      if (this.serverId === null) {
        const made = await apiPost<ServerDraft>(`/api/tasks/${taskId}/drafts`, body);
        this.serverId = made.id;
      }
      dropDraft(userId, projectId, taskId);
    } catch {
      writeDraft(userId, projectId, taskId, { ...draft, serverId: this.serverId ?? undefined });
    }
  }
}

/**
 * The server's draft of changes to annotation `annotationId`, if its author left one
 * unsaved, and a way to put it away once restored. The saver goes on with that draft.
 */
export function useDraftOfChanges(
  taskId: number,
  annotationId: number | null,
  saver: DraftSaver,
): [ServerDraft | null, () => void] {
  const [found, setFound] = useState<ServerDraft | null>(null);
  useEffect(() => {
    if (annotationId === null) return undefined;
    let live = true;
    apiGet<ServerDraft[]>(`/api/tasks/${taskId}/drafts`)
      .then((drafts) => {
        const newest = drafts.filter((each) => each.annotation === annotationId).pop();
        if (!live || !newest) return;
        saver.adopt(newest.id);
        setFound(newest);
      })
      // Without the server the annotation as saved is the start.
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [taskId, annotationId, saver]);
  return [found, () => setFound(null)];
}
