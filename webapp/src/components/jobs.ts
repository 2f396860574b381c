// Reading jobs while they run: one loop that polls, used by the running-jobs list, the import
// panel and any page that follows a job it started.

import { apiGet, apiPost } from '../api/client';
import type { Job } from '../api/types';

export const POLL_MILLISECONDS = 1000;

const FINAL_STATES: ReadonlySet<Job['state']> = new Set(['finished', 'failed', 'cancelled']);

/** Whether the job is over: it will change no more. */
export function isFinal(job: Job): boolean {
  return FINAL_STATES.has(job.state);
}

/** The share done, from 0 to 1, or null while the job does not know its total. */
export function jobShare(job: Job): number | null {
  return job.progress.total ? job.progress.done / job.progress.total : null;
}

export function readJob(jobId: number): Promise<Job> {
  return apiGet<Job>(`/api/jobs/${jobId}/`);
}

/** Ask a queued or running job to stop; it stops at its next checkpoint. */
export function cancelJob(jobId: number): Promise<Job> {
  return apiPost<Job>(`/api/jobs/${jobId}/cancel`);
}

/**
 * Run `poll` now and again `interval` milliseconds after each answer, until it returns true
 * or the returned function is called. A rejected `poll` goes to `onError` and the loop goes
 * on: a server that restarts is read again once it is back.
 */
export function pollEvery(
  poll: () => Promise<boolean>,
  onError: (error: unknown) => void,
  interval: number = POLL_MILLISECONDS,
): () => void {
  let stopped = false;
  let timer = 0;
  const step = async () => {
    try {
      if (await poll()) stopped = true;
    } catch (caught) {
      if (!stopped) onError(caught);
    }
    if (!stopped) timer = window.setTimeout(() => void step(), interval);
  };
  void step();
  return () => {
    stopped = true;
    window.clearTimeout(timer);
  };
}

/** Read job `jobId` until it is over, handing each read to `onUpdate`; returns the stop. */
export function watchJob(
  jobId: number,
  onUpdate: (job: Job) => void,
  onError: (error: unknown) => void,
  interval: number = POLL_MILLISECONDS,
): () => void {
  let stopped = false;
  const stop = pollEvery(
    async () => {
      const job = await readJob(jobId);
      if (stopped) return true;
      onUpdate(job);
      return isFinal(job);
    },
    onError,
    interval,
  );
  return () => {
    stopped = true;
    stop();
  };
}

/**
 * The finished job, once it is; a job that fails or is cancelled rejects with its error, and
 * so does a read of it that fails.
 */
export function waitForJob(
  jobId: number,
  onUpdate: (job: Job) => void,
  interval: number = POLL_MILLISECONDS,
): Promise<Job> {
  return new Promise((resolve, reject) => {
    const stop = watchJob(
      jobId,
      (job) => {
        onUpdate(job);
        if (job.state === 'finished') resolve(job);
        else if (isFinal(job)) reject(new Error(job.error || `Job ${jobId} ended ${job.state}.`));
      },
      (error) => {
        stop();
        reject(error);
      },
      interval,
    );
  });
}
