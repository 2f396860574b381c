import { useCallback, useEffect, useRef, useState } from 'react';

import { ApiError, apiGet, apiPost } from '../api/client';
import type { StreamTask } from '../api/types';
import type { ResultItem } from '@labelcore/plugin-api';

export type StreamStatus = 'loading' | 'ready' | 'saving' | 'empty' | 'error';

const IMAGE_URL = /^(https?:\/\/|\/|data:image\/)/i;
const PRELOAD_WAIT_MILLISECONDS = 1500;

async function fetchNext(projectId: number): Promise<StreamTask | null> {
  try {
    return await apiGet<StreamTask>(`/api/projects/${projectId}/next/`);
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

/**
 * Loads the task's images into the browser cache, so the canvas draws them at once. Waits a
 * moment at most: a slow image should not hold the next task back.
 */
function preloadMedia(task: StreamTask | null): Promise<void> {
  if (!task) return Promise.resolve();
  const urls = Object.values(task.data).filter(
    (value): value is string =>
      typeof value === 'string' && IMAGE_URL.test(value) && value.length < 2048,
  );
  const loads = urls.map(
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

export interface LabelStream {
  task: StreamTask | null;
  status: StreamStatus;
  error: unknown;
  done: number;
  /** Saves the annotation (or the skip) and shows the next task. */
  send(result: ResultItem[], wasCancelled: boolean): Promise<void>;
  retry(): void;
}

/**
 * The label stream of one project: next → annotate → submit or skip → next. The next task
 * is asked for as soon as the server has the annotation, and its images are fetched before
 * it is shown, so that the canvas appears complete.
 */
export function useLabelStream(projectId: number): LabelStream {
  const [task, setTask] = useState<StreamTask | null>(null);
  const [status, setStatus] = useState<StreamStatus>('loading');
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState(0);
  const shownAt = useRef(performance.now());

  const show = useCallback((next: StreamTask | null) => {
    setTask(next);
    setStatus(next ? 'ready' : 'empty');
    shownAt.current = performance.now();
  }, []);

  const load = useCallback(async () => {
    setStatus('loading');
    setError(null);
    try {
      const next = await fetchNext(projectId);
      await preloadMedia(next);
      show(next);
    } catch (caught) {
      setError(caught);
      setStatus('error');
    }
  }, [projectId, show]);

  useEffect(() => {
    void load();
  }, [load]);

  const send = useCallback(
    async (result: ResultItem[], wasCancelled: boolean) => {
      if (!task) return;
      setStatus('saving');
      setError(null);
      const leadTime = (performance.now() - shownAt.current) / 1000;
      try {
        await apiPost(`/api/tasks/${task.id}/annotations/`, {
          result: wasCancelled ? [] : result,
          lead_time: Math.round(leadTime * 1000) / 1000,
          was_cancelled: wasCancelled,
        });
      } catch (caught) {
        // The server is the judge of a result: keep the task and say why it was refused.
        setError(caught);
        setStatus('ready');
        return;
      }
      setDone((count) => count + 1);
      try {
        const next = await fetchNext(projectId);
        await preloadMedia(next);
        show(next);
      } catch (caught) {
        setError(caught);
        setStatus('error');
      }
    },
    [task, projectId, show],
  );

  return { task, status, error, done, send, retry: () => void load() };
}
