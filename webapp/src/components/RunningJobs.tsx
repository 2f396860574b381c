import { useEffect, useRef, useState } from 'react';

import { apiGet } from '../api/client';
import type { Job } from '../api/types';
import { cancelJob, jobShare, pollEvery } from './jobs';
import { Button, ErrorMessage, ProgressBar } from './ui';

const KIND_LABELS: Record<string, string> = {
  import: 'Importing tasks',
  export: 'Exporting a snapshot',
  export_convert: 'Converting an export',
  storage_sync: 'Syncing a storage',
  'datamanager.build_index': 'Indexing a data key',
  'datamanager.drop_index': 'Removing a dropped data index',
};

/** What a person reads beside a job's bar: what it does and how far it got. */
export function jobLabel(job: Job): string {
  const what = KIND_LABELS[job.kind] ?? `Job: ${job.kind.replace(/_/g, ' ')}`;
  if (job.state === 'queued') return `${what} (waiting for a worker)`;
  const done = job.progress.done.toLocaleString('en');
  const total = job.progress.total;
  return total ? `${what}: ${done} of ${total.toLocaleString('en')}` : `${what}: ${done}`;
}

/** One job's bar, with a Cancel button while it can still be stopped. */
export function JobProgress({
  job,
  onCancel,
  cancelling = false,
}: {
  job: Job;
  onCancel: (job: Job) => void;
  cancelling?: boolean;
}) {
  const stoppable = job.state === 'queued' || job.state === 'running';
  return (
    <div className="job-row" style={{ display: 'flex', alignItems: 'center', gap: '0.5rem' }}>
      <div style={{ flex: 1 }}>
        <ProgressBar share={jobShare(job)} label={jobLabel(job)} />
      </div>
      {stoppable && (
        <Button
          variant="ghost"
          onClick={() => onCancel(job)}
          disabled={cancelling}
          aria-label={`Cancel job ${job.id}`}
        >
          {cancelling ? 'Cancelling…' : 'Cancel'}
        </Button>
      )}
    </div>
  );
}

/** A progress bar per running or queued job, each with its Cancel button. */
export function JobList({ jobs, onCancel }: { jobs: Job[]; onCancel: (job: Job) => void }) {
  if (jobs.length === 0) return null;
  return (
    <ul className="job-list" aria-label="Running jobs" style={{ listStyle: 'none', padding: 0 }}>
      {jobs.map((job) => (
        <li key={job.id}>
          <JobProgress job={job} onCancel={onCancel} />
        </li>
      ))}
    </ul>
  );
}

/**
 * The project's running and queued jobs, polled once a second, whoever started them: of
 * some `kinds` only when given, without the one a panel shows itself (`hiddenJobId`).
 * `onSettled` hears of the jobs of those kinds that stopped running, finished or not, so
 * that a page can read again what they changed.
 */
export function RunningJobs({
  projectId,
  hiddenJobId = null,
  kinds = null,
  onSettled,
}: {
  projectId: number;
  hiddenJobId?: number | null;
  kinds?: readonly string[] | null;
  onSettled?: (jobIds: number[]) => void;
}) {
  const [jobs, setJobs] = useState<Job[]>([]);
  const [error, setError] = useState<unknown>(null);
  const listed = useRef<number[]>([]);
  // Read by the polling loop at each answer, so that new props do not restart it.
  const settled = useRef(onSettled);
  const wanted = useRef(kinds);

  useEffect(() => {
    settled.current = onSettled;
    wanted.current = kinds;
  }, [onSettled, kinds]);

  useEffect(() => {
    let live = true;
    const stop = pollEvery(
      async () => {
        const answer = await apiGet<Job[]>(`/api/jobs/?project=${projectId}&active=true`);
        if (!live) return true;
        const active = answer.filter((job) => wanted.current?.includes(job.kind) ?? true);
        const ids = new Set(active.map((job) => job.id));
        const gone = listed.current.filter((id) => !ids.has(id));
        listed.current = [...ids];
        setJobs(active);
        setError(null);
        if (gone.length > 0) settled.current?.(gone);
        return false;
      },
      (caught) => {
        if (live) setError(caught);
      },
    );
    return () => {
      live = false;
      stop();
    };
  }, [projectId]);

  const cancel = async (job: Job) => {
    try {
      await cancelJob(job.id);
      setJobs((current) => current.filter((entry) => entry.id !== job.id));
    } catch (caught) {
      setError(caught);
    }
  };

  return (
    <>
      <JobList jobs={jobs.filter((job) => job.id !== hiddenJobId)} onCancel={cancel} />
      <ErrorMessage error={error} />
    </>
  );
}
