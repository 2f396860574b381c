import { useRef, useState } from 'react';
import type { DragEvent } from 'react';

import { uploadWithProgress } from '../api/client';
import type { ImportSummary } from '../api/types';
import { waitForJob } from '../components/jobs';
import { RunningJobs } from '../components/RunningJobs';
import { ErrorMessage, ProgressBar } from '../components/ui';

type Progress =
  | { phase: 'idle' }
  | { phase: 'uploading'; share: number }
  | { phase: 'importing'; done: number; total: number | null }
  | { phase: 'done'; summary: string };

const POLL_MILLISECONDS = 500;

function describe(result: ImportSummary | Record<string, unknown> | null): string {
  const counts = (result ?? {}) as ImportSummary;
  const parts = [`${counts.task_count ?? 0} tasks`];
  if (counts.annotation_count) parts.push(`${counts.annotation_count} annotations`);
  if (counts.prediction_count) parts.push(`${counts.prediction_count} predictions`);
  const skipped = Array.isArray(counts.errors) ? counts.errors.length : 0;
  const summary = `Imported ${parts.join(', ')}.`;
  return skipped ? `${summary} ${skipped} items were refused.` : summary;
}

/** Upload files into a project with a progress bar for the upload and for the import job. */
export function ImportPanel({
  projectId,
  onImported,
}: {
  projectId: number;
  onImported: () => void;
}) {
  const [progress, setProgress] = useState<Progress>({ phase: 'idle' });
  const [error, setError] = useState<unknown>(null);
  const [dragging, setDragging] = useState(false);
  const [followedJobId, setFollowedJobId] = useState<number | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const busy = progress.phase === 'uploading' || progress.phase === 'importing';

  const upload = async (files: File[]) => {
    if (files.length === 0 || busy) return;
    const form = new FormData();
    for (const file of files) form.append('file', file, file.name);
    setError(null);
    setProgress({ phase: 'uploading', share: 0 });

    try {
      const answer = await uploadWithProgress<ImportSummary>(
        `/api/projects/${projectId}/import`,
        form,
        (share) => setProgress({ phase: 'uploading', share }),
      );
      let result: ImportSummary | Record<string, unknown> | null = answer.body;
      if (answer.status === 202 && answer.body.job) {
        setProgress({ phase: 'importing', done: 0, total: null });
        setFollowedJobId(answer.body.job.id);
        const job = await waitForJob(
          answer.body.job.id,
          (update) =>
            setProgress({
              phase: 'importing',
              done: update.progress.done,
              total: update.progress.total,
            }),
          POLL_MILLISECONDS,
        );
        result = job.result;
      }
      setProgress({ phase: 'done', summary: describe(result) });
      onImported();
    } catch (caught) {
      setError(caught);
      setProgress({ phase: 'idle' });
    } finally {
      if (input.current) input.current.value = '';
    }
  };

  const drop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    void upload(Array.from(event.dataTransfer.files));
  };

  return (
    <section className="card">
      <h2>Import</h2>
      <div
        className={`drop-zone ${dragging ? 'dragging' : ''}`}
        onDragOver={(event) => {
          event.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={drop}
      >
        <p>
          Drop JSON, JSONL, CSV, TSV or TXT files here, or{' '}
          <button type="button" className="link-button" onClick={() => input.current?.click()}>
            choose files
          </button>
          .
        </p>
        <input
          ref={input}
          type="file"
          multiple
          hidden
          aria-label="Files to import"
          accept=".json,.jsonl,.csv,.tsv,.txt"
          onChange={(event) => void upload(Array.from(event.target.files ?? []))}
        />
      </div>
      {progress.phase === 'uploading' && <ProgressBar share={progress.share} label="Uploading" />}
      {progress.phase === 'importing' && (
        <ProgressBar
          share={progress.total ? progress.done / progress.total : null}
          label={`Importing ${progress.done}${progress.total ? ` of ${progress.total}` : ''} tasks`}
        />
      )}
      {progress.phase === 'done' && <p className="success-message">{progress.summary}</p>}
      <ErrorMessage error={error} />
      {/* Every other job of the project: an export, a sync, an import started elsewhere. */}
      <RunningJobs
        projectId={projectId}
        hiddenJobId={progress.phase === 'importing' ? followedJobId : null}
      />
    </section>
  );
}
