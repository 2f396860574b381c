import { useEffect, useState } from 'react';
import type { FormEvent } from 'react';

import type { Job } from '../../api/types';
import type { FollowedJob } from '../../components/followJob';
import { useFollowedJob } from '../../components/followJob';
import { cancelJob } from '../../components/jobs';
import { JobProgress, RunningJobs } from '../../components/RunningJobs';
import { Button, ErrorMessage, Spinner } from '../../components/ui';
import type { SavedView } from '../tableViews';
import type { Snapshot, SnapshotChoices } from './exportApi';
import { DEFAULT_CHOICES, createSnapshot, snapshotDownloadUrl } from './exportApi';

const EXPORT_KINDS = ['export', 'export_convert'];
/** Tens of thousands of tasks take a second or two: the bar moves at every half second. */
const SNAPSHOT_POLL_MILLISECONDS = 500;

type Filters = Omit<SnapshotChoices, 'format'>;

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function counted(result: Job['result']): string {
  const counts = (result ?? {}) as Record<string, number | undefined>;
  const parts = [`${(counts.task_number ?? 0).toLocaleString('en')} tasks`];
  parts.push(`${(counts.annotation_number ?? 0).toLocaleString('en')} annotations`);
  parts.push(`${(counts.prediction_number ?? 0).toLocaleString('en')} predictions`);
  return parts.join(', ');
}

/** The snapshot this panel started: its bar while the job runs, then how it ended. */
export function FollowedSnapshot({
  state,
  download,
  onCancel,
}: {
  state: FollowedJob;
  download: { url: string; title: string } | null;
  onCancel: (job: Job) => void;
}) {
  switch (state.phase) {
    case 'idle':
      return null;
    case 'starting':
      return <Spinner label="Starting the snapshot…" />;
    case 'running':
      return (
        <div className="snapshot-followed">
          <JobProgress job={state.job} cancelling={state.cancelling} onCancel={onCancel} />
          {state.readError && (
            <p className="muted small">
              The job could not be read ({state.readError}); trying again.
            </p>
          )}
        </div>
      );
    case 'finished':
      return (
        <div className="snapshot-followed snapshot-ready">
          <p className="success-message" role="status">
            The snapshot is ready: {counted(state.job.result)}.
          </p>
          {download && (
            <a className="btn btn-primary" href={download.url} download>
              Download {download.title}
            </a>
          )}
        </div>
      );
    case 'cancelled':
      return (
        <p className="muted snapshot-followed" role="status">
          The snapshot was cancelled before it was finished.
        </p>
      );
    case 'failed':
      return (
        <div className="snapshot-followed">
          <ErrorMessage error={state.error} />
        </div>
      );
  }
}

/**
 * Create a snapshot: the tasks to put in, then a job that writes them, with its progress
 * bar, a Cancel button and a Download link at the end.
 */
export function SnapshotPanel({
  projectId,
  format,
  titleOf,
  views,
  onSnapshotsChanged,
}: {
  projectId: number;
  format: string | null;
  titleOf: (formatName: string) => string;
  views: SavedView[];
  onSnapshotsChanged: () => void;
}) {
  const [filters, setFilters] = useState<Filters>(DEFAULT_CHOICES);
  const [followed, dispatch] = useFollowedJob(SNAPSHOT_POLL_MILLISECONDS);
  const [created, setCreated] = useState<{ snapshot: Snapshot; format: string } | null>(null);
  const [cancelError, setCancelError] = useState<unknown>(null);
  const busy = followed.phase === 'starting' || followed.phase === 'running';
  const followedJobId = 'job' in followed && followed.job ? followed.job.id : null;
  const endedJobId = busy ? null : followedJobId;

  useEffect(() => {
    if (endedJobId !== null) onSnapshotsChanged();
  }, [endedJobId, onSnapshotsChanged]);

  const change = (update: Partial<Filters>) => setFilters((current) => ({ ...current, ...update }));

  const create = async (event: FormEvent) => {
    event.preventDefault();
    if (busy || format === null) return;
    dispatch({ type: 'start' });
    setCreated(null);
    setCancelError(null);
    try {
      const snapshot = await createSnapshot(projectId, { ...filters, format });
      setCreated({ snapshot, format });
      if (snapshot.job) dispatch({ type: 'update', job: snapshot.job });
      else dispatch({ type: 'refused', error: `Snapshot ${snapshot.id} was made without a job.` });
      onSnapshotsChanged();
    } catch (caught) {
      dispatch({ type: 'refused', error: message(caught) });
    }
  };

  const cancel = async (job: Job) => {
    dispatch({ type: 'cancel' });
    try {
      await cancelJob(job.id);
    } catch (caught) {
      setCancelError(caught);
    }
  };

  const download = created && {
    url: snapshotDownloadUrl(projectId, created.snapshot.id, created.format),
    title: titleOf(created.format),
  };
  return (
    <section className="card" aria-labelledby="snapshot-heading">
      <h2 id="snapshot-heading">Snapshot</h2>
      <p className="muted small">
        A job on the server writes the tasks as they are now, with a progress bar here; the snapshot
        is kept to download later, in any format that fits.
      </p>
      <form className="export-options" onSubmit={(event) => void create(event)}>
        <label className="field">
          <span>Title (optional)</span>
          <input
            value={filters.title}
            placeholder="Project title and the time"
            onChange={(event) => change({ title: event.target.value })}
          />
        </label>
        <label className="field">
          <span>Tasks</span>
          <select
            aria-label="Tasks of a data-manager tab"
            value={filters.viewId ?? ''}
            onChange={(event) =>
              change({ viewId: event.target.value ? Number(event.target.value) : null })
            }
          >
            <option value="">Every task of the project</option>
            {views.map((view) => (
              <option key={view.id} value={view.id}>
                Tab “{view.data.title || `Tab ${view.id}`}”
              </option>
            ))}
          </select>
        </label>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={filters.onlyAnnotated}
            onChange={(event) => change({ onlyAnnotated: event.target.checked })}
          />
          Only tasks with annotations
        </label>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={filters.includeSkipped}
            onChange={(event) => change({ includeSkipped: event.target.checked })}
          />
          Include skipped annotations
        </label>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={filters.includePredictions}
            onChange={(event) => change({ includePredictions: event.target.checked })}
          />
          Include predictions
        </label>
        <div className="action-row">
          <Button variant="primary" type="submit" disabled={busy || format === null}>
            Create snapshot
          </Button>
          {format && format !== 'JSON' && (
            <span className="muted small">
              Written as JSON, then converted to {titleOf(format)}.
            </span>
          )}
        </div>
      </form>
      <FollowedSnapshot state={followed} download={download} onCancel={(job) => void cancel(job)} />
      <ErrorMessage error={cancelError} />
      {/* Snapshots started elsewhere, and the conversions that follow a snapshot. */}
      <RunningJobs
        projectId={projectId}
        kinds={EXPORT_KINDS}
        hiddenJobId={followedJobId}
        onSettled={onSnapshotsChanged}
      />
    </section>
  );
}
