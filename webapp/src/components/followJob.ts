// One job a page started and follows to its end: the request that makes it, its progress,
// a cancel, and how it ended. The states are a reducer, so that a late answer (a poll that
// returns after the job was seen to end, a read of another job) cannot move them back.

import { useEffect, useReducer } from 'react';

import type { Job } from '../api/types';
import { POLL_MILLISECONDS, watchJob } from './jobs';

export type FollowedJob =
  | { phase: 'idle' }
  | { phase: 'starting' }
  | { phase: 'running'; job: Job; cancelling: boolean; readError: string | null }
  | { phase: 'finished'; job: Job }
  | { phase: 'failed'; job: Job | null; error: string }
  | { phase: 'cancelled'; job: Job };

export type FollowEvent =
  /** The request that makes the job was sent. */
  | { type: 'start' }
  /** That request was refused: there is no job. */
  | { type: 'refused'; error: string }
  /** The job as the server told it: the answer that made it, or a poll. */
  | { type: 'update'; job: Job }
  /** A poll failed; the job may still run, so the next poll may tell. */
  | { type: 'unread'; error: string }
  /** Cancel was asked for; the job stops at its next checkpoint. */
  | { type: 'cancel' }
  | { type: 'reset' };

export const IDLE: FollowedJob = { phase: 'idle' };

function settle(job: Job): FollowedJob {
  switch (job.state) {
    case 'finished':
      return { phase: 'finished', job };
    case 'cancelled':
      return { phase: 'cancelled', job };
    case 'failed':
      return { phase: 'failed', job, error: job.error || `Job ${job.id} failed.` };
    default:
      return { phase: 'running', job, cancelling: false, readError: null };
  }
}

export function followJob(state: FollowedJob, event: FollowEvent): FollowedJob {
  switch (event.type) {
    case 'start':
      return state.phase === 'starting' || state.phase === 'running'
        ? state
        : { phase: 'starting' };
    case 'refused':
      return state.phase === 'starting'
        ? { phase: 'failed', job: null, error: event.error }
        : state;
    case 'update': {
      if (state.phase === 'starting') return settle(event.job);
      if (state.phase !== 'running' || state.job.id !== event.job.id) return state;
      const next = settle(event.job);
      return next.phase === 'running' ? { ...next, cancelling: state.cancelling } : next;
    }
    case 'unread':
      return state.phase === 'running' ? { ...state, readError: event.error } : state;
    case 'cancel':
      return state.phase === 'running' ? { ...state, cancelling: true } : state;
    case 'reset':
      return state.phase === 'starting' || state.phase === 'running' ? state : IDLE;
  }
}

/** The id of the job to poll while the state is one that waits for it. */
export function watchedJobId(state: FollowedJob): number | null {
  return state.phase === 'running' ? state.job.id : null;
}

/**
 * Follow a job: `dispatch({type: 'start'})` before the request that makes it, then the
 * job of its answer as an update; from then on the job is read until it is over.
 */
export function useFollowedJob(interval: number = POLL_MILLISECONDS) {
  const [state, dispatch] = useReducer(followJob, IDLE);
  const jobId = watchedJobId(state);

  useEffect(() => {
    if (jobId === null) return undefined;
    return watchJob(
      jobId,
      (job) => dispatch({ type: 'update', job }),
      (error) =>
        dispatch({ type: 'unread', error: error instanceof Error ? error.message : String(error) }),
      interval,
    );
  }, [jobId, interval]);

  return [state, dispatch] as const;
}
