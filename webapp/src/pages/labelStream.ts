import { useCallback, useEffect, useRef, useState } from 'react';

import type { RelationItem, ResultItem } from '@labelcore/plugin-api';

import { ApiError, apiGet, apiPatch, apiPost } from '../api/client';
import type { StreamTask } from '../api/types';
import type { ServerDraft } from './drafts';

export type StreamStatus = 'loading' | 'ready' | 'saving' | 'empty' | 'error';
export type SubmittedItem = ResultItem | RelationItem;

const MEDIA_URL = /^(https?:\/\/|\/|data:(image|audio|video)\/)/i;
const PRELOAD_WAIT_MILLISECONDS = 1500;
// How far back "previous task" reaches after a reload.
const RECENT_TASKS = 50;

/** A task of the stream with the annotator's own drafts of it. */
export interface LabelTask extends StreamTask {
  drafts?: ServerDraft[];
}

/** A task this annotator finished in this session, to go back to and change. */
export interface StreamEntry {
  task: LabelTask;
  annotationId: number;
  result: SubmittedItem[];
  wasCancelled: boolean;
}

export interface SendOptions {
  wasCancelled: boolean;
  /** The prediction the annotation started from. */
  parentPrediction: number | null;
  /** Called once the server has accepted the answer, before the stream moves on. */
  onSaved?: () => void;
}

/** What one submit cost: from the click to the next task on screen, in milliseconds. */
export interface StreamTiming {
  taskId: number;
  saveMilliseconds: number;
  shownMilliseconds: number;
  /** Whether the task shown was fetched while the previous one was on screen. */
  prefetched: boolean;
}

declare global {
  interface Window {
    /** Submit-to-next-task timings of this page, read by the browser tests and benches. */
    __labelcoreTimings?: StreamTiming[];
  }
}

/** The time a save behind the next task took, added to that submit's timing. */
function noteSave(taskId: number, milliseconds: number): void {
  const timings = window.__labelcoreTimings ?? [];
  const entry = [...timings]
    .reverse()
    .find((each) => each.taskId !== taskId && each.saveMilliseconds === 0);
  if (entry) entry.saveMilliseconds = milliseconds;
}

/** The task with the caller's drafts; without the server's, the browser's copy serves. */
async function fetchNext(projectId: number, exclude: number[] = []): Promise<LabelTask | null> {
  const query = exclude.length ? `?exclude=${exclude.join(',')}` : '';
  try {
    // The task carries the caller's drafts of it.
    return await apiGet<LabelTask>(`/api/projects/${projectId}/next/${query}`);
  } catch (caught) {
    if (
      caught instanceof ApiError &&
      caught.status === 404 &&
      caught.body.code === 'no_more_tasks'
    ) {
      return null;
    }
    throw caught;
  }
}

function mediaUrls(value: unknown, found: string[]): void {
  if (typeof value === 'string') {
    if (MEDIA_URL.test(value) && value.length < 4096) found.push(value);
  } else if (Array.isArray(value)) {
    for (const each of value) mediaUrls(each, found);
  }
}

interface RecentAnnotation {
  annotation: { id: number; result: SubmittedItem[]; was_cancelled: boolean };
  task: LabelTask;
}

/** The annotator's earlier answers in the project, oldest first, as the stream's history. */
async function fetchRecent(projectId: number): Promise<StreamEntry[]> {
  try {
    const recent = await apiGet<RecentAnnotation[]>(
      `/api/projects/${projectId}/my-annotations?page_size=${RECENT_TASKS}`,
    );
    return recent.reverse().map(({ annotation, task }) => ({
      task,
      annotationId: annotation.id,
      result: annotation.result,
      wasCancelled: annotation.was_cancelled,
    }));
  } catch {
    // Going back is a convenience: without it the stream still labels.
    return [];
  }
}

/**
 * Loads a task's images into the browser cache, so the canvas draws them at once. Waits a
 * moment at most: a slow image should not hold the task back.
 */
function preloadMedia(task: LabelTask | null): Promise<void> {
  if (!task) return Promise.resolve();
  const urls: string[] = [];
  for (const value of Object.values(task.data)) mediaUrls(value, urls);
  const loads = urls
    .filter((url) => !/^data:(audio|video)/i.test(url))
    .map(
      (url) =>
        new Promise<void>((resolve) => {
          const image = new Image();
          image.onload = () => resolve();
          image.onerror = () => resolve();
          image.src = url;
        }),
    );
  const patience = new Promise<void>((resolve) =>
    window.setTimeout(resolve, PRELOAD_WAIT_MILLISECONDS),
  );
  return Promise.race([Promise.all(loads).then(() => undefined), patience]);
}

/** A submitted task the server refused after the next one was shown: it comes back. */
export interface ReturnedTask {
  taskId: number;
  result: SubmittedItem[];
  parentPrediction: number | null;
}

export interface LabelStream {
  /** The task on screen: the stream's current one, or an earlier one being revisited. */
  task: LabelTask | null;
  /** The work on a task the server refused, to put back on screen with its message. */
  returned: ReturnedTask | null;
  /** The earlier task being changed, when the annotator went back. */
  revisiting: StreamEntry | null;
  status: StreamStatus;
  error: unknown;
  /** Answers given since the page opened. */
  done: number;
  history: readonly StreamEntry[];
  /** Saves the annotation (or the skip), or changes the revisited one, and moves on. */
  send(result: SubmittedItem[], options: SendOptions): Promise<boolean>;
  back(): void;
  forward(): void;
  retry(): void;
  /** Marks the moment a task is drawn, closing the timing of the submit that led to it. */
  shown(taskId: number): void;
}

/**
 * The label stream of one project: next → annotate → submit or skip → next. While a task is
 * on screen the one after it is already asked for (`exclude` keeps the current one reserved)
 * and its media fetched, so a submit shows the next task as soon as the server has saved.
 * The annotator's earlier answers in the project (from the server, so a reload keeps them)
 * can be opened again and changed.
 */
export function useLabelStream(projectId: number): LabelStream {
  const [current, setCurrent] = useState<LabelTask | null>(null);
  const [history, setHistory] = useState<StreamEntry[]>([]);
  const [done, setDone] = useState(0);
  const [viewing, setViewing] = useState<number | null>(null);
  const [status, setStatus] = useState<StreamStatus>('loading');
  const [error, setError] = useState<unknown>(null);
  const shownAt = useRef(performance.now());
  const prefetched = useRef<{ after: number; next: Promise<LabelTask | null> } | null>(null);
  const pendingTiming = useRef<{ clickedAt: number; savedAt: number; prefetched: boolean } | null>(
    null,
  );
  const lastFromPrefetch = useRef(false);
  // The prefetched task once it and its media are in, and the save still in flight.
  const ready = useRef<{ after: number; task: LabelTask } | null>(null);
  const inFlight = useRef<Promise<boolean> | null>(null);
  const [returned, setReturned] = useState<ReturnedTask | null>(null);

  const prefetch = useCallback(
    (task: LabelTask | null, alsoExclude: readonly number[] = []) => {
      if (!task) {
        prefetched.current = null;
        return;
      }
      ready.current = null;
      // A task still being saved is held by this annotator too: it must not come back.
      const next = fetchNext(projectId, [task.id, ...alsoExclude]).then(async (found) => {
        await preloadMedia(found);
        if (found && prefetched.current?.next === next)
          ready.current = { after: task.id, task: found };
        return found;
      });
      // A failed prefetch is asked again, plainly, when the task is submitted.
      next.catch(() => undefined);
      prefetched.current = { after: task.id, next };
    },
    [projectId],
  );

  const show = useCallback(
    (next: LabelTask | null, saving: readonly number[] = []) => {
      setCurrent(next);
      setViewing(null);
      setStatus(next ? 'ready' : 'empty');
      shownAt.current = performance.now();
      prefetch(next, saving);
    },
    [prefetch],
  );

  const load = useCallback(async () => {
    setStatus('loading');
    setError(null);
    try {
      const [next, recent] = await Promise.all([fetchNext(projectId), fetchRecent(projectId)]);
      await preloadMedia(next);
      setHistory(recent.filter((entry) => entry.task.id !== next?.id));
      show(next);
    } catch (caught) {
      setError(caught);
      setStatus('error');
    }
  }, [projectId, show]);

  useEffect(() => {
    void load();
  }, [load]);

  const takeNext = useCallback(
    async (after: number): Promise<LabelTask | null> => {
      const waiting = prefetched.current;
      lastFromPrefetch.current = false;
      if (waiting && waiting.after === after) {
        try {
          const next = await waiting.next;
          // Someone else's work may have used the prefetched task up; the server said so
          // by sending none, and a plain request confirms it.
          if (next) {
            lastFromPrefetch.current = true;
            return next;
          }
        } catch {
          // Asked again below.
        }
      }
      const next = await fetchNext(projectId);
      await preloadMedia(next);
      return next;
    },
    [projectId],
  );

  const revisiting = viewing === null ? null : (history[viewing] ?? null);
  const task = revisiting ? revisiting.task : current;

  const send = useCallback(
    async (result: SubmittedItem[], options: SendOptions): Promise<boolean> => {
      if (!task) return false;
      const clickedAt = performance.now();
      setStatus('saving');
      setError(null);
      const leadTime = Math.round(performance.now() - shownAt.current) / 1000;
      const body = {
        result: options.wasCancelled ? [] : result,
        lead_time: leadTime,
        was_cancelled: options.wasCancelled,
        ...(options.parentPrediction !== null
          ? { parent_prediction: options.parentPrediction }
          : {}),
      };

      // The next task is in: show it at once and save behind it. The server still judges:
      // a refusal brings the task back with its work and the server's message.
      const early = !revisiting && ready.current?.after === task.id ? ready.current.task : null;
      if (early) {
        await inFlight.current;
        pendingTiming.current = { clickedAt, savedAt: clickedAt, prefetched: true };
        setReturned(null);
        show(early, [task.id]);
        const saving = apiPost<{ id: number }>(`/api/tasks/${task.id}/annotations/`, body).then(
          (saved) => {
            options.onSaved?.();
            const entry: StreamEntry = {
              task,
              annotationId: saved.id,
              result: body.result,
              wasCancelled: options.wasCancelled,
            };
            setHistory((entries) => [...entries, entry]);
            setDone((count) => count + 1);
            noteSave(task.id, performance.now() - clickedAt);
            return true;
          },
          (caught: unknown) => {
            setReturned({
              taskId: task.id,
              result: body.result,
              parentPrediction: options.parentPrediction,
            });
            setError(caught);
            setCurrent(task);
            setViewing(null);
            setStatus('ready');
            prefetch(task);
            return false;
          },
        );
        inFlight.current = saving;
        return saving;
      }

      let annotationId: number;
      try {
        if (revisiting) {
          await apiPatch(`/api/annotations/${revisiting.annotationId}/`, body);
          annotationId = revisiting.annotationId;
        } else {
          const saved = await apiPost<{ id: number }>(`/api/tasks/${task.id}/annotations/`, body);
          annotationId = saved.id;
        }
      } catch (caught) {
        // The server is the judge of a result: keep the task and say why it was refused.
        setError(caught);
        setStatus('ready');
        return false;
      }
      options.onSaved?.();

      const entry: StreamEntry = {
        task,
        annotationId,
        result: body.result,
        wasCancelled: options.wasCancelled,
      };
      if (revisiting && viewing !== null) {
        setHistory((entries) => entries.map((each, at) => (at === viewing ? entry : each)));
        const following = viewing + 1 < history.length ? viewing + 1 : null;
        setViewing(following);
        setStatus(current ? 'ready' : 'empty');
        shownAt.current = performance.now();
        return true;
      }

      setHistory((entries) => [...entries, entry]);
      setDone((count) => count + 1);
      const savedAt = performance.now();
      try {
        const next = await takeNext(task.id);
        pendingTiming.current = { clickedAt, savedAt, prefetched: lastFromPrefetch.current };
        show(next);
      } catch (caught) {
        setError(caught);
        setStatus('error');
      }
      return true;
    },
    [task, revisiting, viewing, history.length, current, show, takeNext, prefetch],
  );

  const back = useCallback(() => {
    if (history.length === 0) return;
    setViewing((at) => Math.max(0, (at ?? history.length) - 1));
    setError(null);
    setStatus('ready');
  }, [history.length]);

  const forward = useCallback(() => {
    setViewing((at) => (at === null || at + 1 >= history.length ? null : at + 1));
    setError(null);
    setStatus(current ? 'ready' : 'empty');
  }, [history.length, current]);

  const shown = useCallback((taskId: number) => {
    const pending = pendingTiming.current;
    if (!pending) return;
    pendingTiming.current = null;
    const now = performance.now();
    window.__labelcoreTimings = [
      ...(window.__labelcoreTimings ?? []),
      {
        taskId,
        // Zero until a save made behind the shown task reports its time.
        saveMilliseconds: pending.savedAt - pending.clickedAt,
        shownMilliseconds: now - pending.clickedAt,
        prefetched: pending.prefetched,
      },
    ];
  }, []);

  return {
    task,
    returned,
    revisiting,
    status,
    error,
    done,
    history,
    send,
    back,
    forward,
    retry: () => void load(),
    shown,
  };
}
