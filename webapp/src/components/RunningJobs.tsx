import { useEffect, useState } from 'react';

import { apiGet, apiPost } from '../api/client';
import type { Job } from '../api/types';
import { Button, ErrorMessage, ProgressBar } from './ui';

const POLL_MILLISECONDS = 1000;

const KIND_LABELS: Record<string, string> = {
  import: 'Importing tasks',
  export: 'Exporting a snapshot',
  export_convert: 'Converting an export',
  storage_sync: 'Syncing a storage',
};

/** What a person reads beside a job's bar: what it does and how far it got. */
export function jobLabel(job: Job): string {
  const what = KIND_LABELS[job.kind] ?? `Job: ${job.kind.replace(/_/g, ' ')}`;
  if (job.state === 'queued') return `${what} (waiting for a worker)`;
  const done = job.progress.done.toLocaleString('en');
  const total = job.progress.total;
  return total ? `${what}: ${done} of ${total.toLocaleString('en')}` : `${what}: ${done}`;
}

/** A progress bar per running or queued job, each with its Cancel button. */
export function JobList({ jobs, onCancel }: { jobs: Job[]; onCancel: (job: Job) => void }) {
  if (jobs.length === 0) return null;
  return (
    <ul className="job-list" aria-label="Running jobs" style={{ listStyle: 'none', padding: 0 }}>
      {jobs.map((job) => (
        <li
          key={job.id}
          className="job-row"
          style={{ display: 'flex', alignItems: 'center', gap: '0.5rem' }}
        >
          <div style={{ flex: 1 }}>
            <ProgressBar
              share={job.progress.total ? job.progress.done / job.progress.total : null}
              label={jobLabel(job)}
            />
          </div>
          <Button variant="ghost" onClick={() => onCancel(job)} aria-label={`Cancel job ${job.id}`}>
            Cancel
          </Button>
        </li>
      ))}
    </ul>
  );
}

/** The project's running and queued jobs, polled once a second, whoever started them. */
export function RunningJobs({
  projectId,
  hiddenJobId = null,
}: {
  projectId: number;
  hiddenJobId?: number | null;
}) {
  const [jobs, setJobs] = useState<Job[]>([]);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    let stopped = false;
    let timer = 0;
    const poll = async () => {
      try {
        const active = await apiGet<Job[]>(`/api/jobs/?project=${projectId}&active=true`);
        if (!stopped) {
          setJobs(active);
          setError(null);
        }
      } catch (caught) {
        if (!stopped) setError(caught);
      }
      if (!stopped) timer = window.setTimeout(() => void poll(), POLL_MILLISECONDS);
    };
    void poll();
    return () => {
      stopped = true;
      window.clearTimeout(timer);
    };
  }, [projectId]);

  const cancel = async (job: Job) => {
    try {
      await apiPost<Job>(`/api/jobs/${job.id}/cancel`);
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
