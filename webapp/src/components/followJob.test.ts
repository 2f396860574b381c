import { afterEach, describe, expect, it, vi } from 'vitest';

import type { Job } from '../api/types';
import type { FollowEvent, FollowedJob } from './followJob';
import { IDLE, followJob, watchedJobId } from './followJob';
import { waitForJob } from './jobs';

function job(id: number, state: Job['state'], done = 0, total: number | null = null): Job {
  return { id, kind: 'export', state, progress: { done, total }, result: null, error: null };
}

function run(events: FollowEvent[], from: FollowedJob = IDLE): FollowedJob {
  return events.reduce(followJob, from);
}

describe('followJob', () => {
  it('goes from the request to the job, its progress and its end', () => {
    const starting = run([{ type: 'start' }]);
    expect(starting).toEqual({ phase: 'starting' });

    const running = run([{ type: 'update', job: job(4, 'queued') }], starting);
    expect(running.phase).toBe('running');
    expect(watchedJobId(running)).toBe(4);

    const halfway = run([{ type: 'update', job: job(4, 'running', 10_000, 20_000) }], running);
    expect(halfway).toMatchObject({ phase: 'running', job: { progress: { done: 10_000 } } });

    const done = run([{ type: 'update', job: job(4, 'finished', 20_000, 20_000) }], halfway);
    expect(done.phase).toBe('finished');
    expect(watchedJobId(done)).toBeNull();
  });

  it('keeps the end it saw: a late poll or another job moves nothing', () => {
    const done = run([
      { type: 'start' },
      { type: 'update', job: job(4, 'running', 1, 2) },
      { type: 'update', job: job(4, 'finished', 2, 2) },
    ]);

    expect(run([{ type: 'update', job: job(4, 'running', 1, 2) }], done)).toBe(done);
    const running = run([{ type: 'start' }, { type: 'update', job: job(4, 'running', 1, 2) }]);
    expect(run([{ type: 'update', job: job(9, 'failed') }], running)).toBe(running);
  });

  it('marks a cancel asked for until the job says it stopped', () => {
    const cancelling = run([
      { type: 'start' },
      { type: 'update', job: job(5, 'running', 2000, 30_000) },
      { type: 'cancel' },
      { type: 'update', job: job(5, 'running', 4000, 30_000) },
    ]);
    expect(cancelling).toMatchObject({ phase: 'running', cancelling: true });

    const cancelled = run([{ type: 'update', job: job(5, 'cancelled', 4000, 30_000) }], cancelling);
    expect(cancelled.phase).toBe('cancelled');
    expect(run([{ type: 'cancel' }], IDLE)).toBe(IDLE);
  });

  it("tells a failed job's error, and a refused request's", () => {
    const failed = run([
      { type: 'start' },
      { type: 'update', job: { ...job(6, 'failed'), error: 'The disk is full.' } },
    ]);
    expect(failed).toMatchObject({ phase: 'failed', error: 'The disk is full.' });

    const refused = run([{ type: 'start' }, { type: 'refused', error: 'No such view.' }]);
    expect(refused).toEqual({ phase: 'failed', job: null, error: 'No such view.' });
    expect(run([{ type: 'refused', error: 'late' }], IDLE)).toBe(IDLE);
  });

  it('keeps a job running through a failed read, and clears the note on the next', () => {
    const unread = run([
      { type: 'start' },
      { type: 'update', job: job(7, 'running', 1, 3) },
      { type: 'unread', error: 'network error' },
    ]);
    expect(unread).toMatchObject({ phase: 'running', readError: 'network error' });

    const read = run([{ type: 'update', job: job(7, 'running', 2, 3) }], unread);
    expect(read).toMatchObject({ phase: 'running', readError: null });
  });

  it('starts one job at a time, and resets only after the end', () => {
    const running = run([{ type: 'start' }, { type: 'update', job: job(8, 'running') }]);

    expect(run([{ type: 'start' }], running)).toBe(running);
    expect(run([{ type: 'reset' }], running)).toBe(running);
    const ended = run([{ type: 'update', job: job(8, 'finished') }], running);
    expect(run([{ type: 'reset' }], ended)).toBe(IDLE);
    expect(run([{ type: 'start' }], ended)).toEqual({ phase: 'starting' });
  });
});

describe('waitForJob', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  function answering(...jobs: Job[]) {
    const fetched: string[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (path: string) => {
        fetched.push(path);
        const next = jobs.length > 1 ? jobs.shift() : jobs[0];
        return new Response(JSON.stringify(next), { status: 200 });
      }),
    );
    return fetched;
  }

  it('reads the job until it finishes, telling each read', async () => {
    const fetched = answering(job(3, 'running', 0, 2), job(3, 'running', 1, 2), job(3, 'finished'));
    const seen: number[] = [];

    const finished = await waitForJob(3, (update) => seen.push(update.progress.done), 1);

    expect(finished.state).toBe('finished');
    expect(seen).toEqual([0, 1, 0]);
    expect(fetched).toEqual(['/api/jobs/3/', '/api/jobs/3/', '/api/jobs/3/']);
  });

  it("rejects with a failed job's error", async () => {
    answering(job(3, 'running'), { ...job(3, 'failed'), error: 'Export 3 no longer exists.' });

    await expect(waitForJob(3, () => undefined, 1)).rejects.toThrow('Export 3 no longer exists.');
  });
});
