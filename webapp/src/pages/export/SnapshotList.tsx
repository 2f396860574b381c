import { EmptyState } from '../../components/ui';
import { formatMoment } from '../team/teamRules';
import type { Snapshot } from './exportApi';
import { snapshotDownloadUrl, snapshotDownloads } from './exportApi';

const STATUS_LABELS: Record<Snapshot['status'], string> = {
  created: 'waiting',
  in_progress: 'in progress',
  completed: 'completed',
  failed: 'failed',
};

type TitleOf = (formatName: string) => string;

/** The formats still being made from a snapshot, or that could not be. */
function Conversions({ snapshot, titleOf }: { snapshot: Snapshot; titleOf: TitleOf }) {
  const pending = snapshot.converted_formats.filter((entry) => entry.status !== 'completed');
  if (pending.length === 0) return null;
  return (
    <ul className="snapshot-conversions">
      {pending.map((entry) => (
        <li key={entry.id} className={entry.status === 'failed' ? 'snapshot-error' : 'muted'}>
          {entry.status === 'failed'
            ? `${titleOf(entry.export_type)} could not be made: ${entry.traceback ?? 'no reason given'}`
            : `${titleOf(entry.export_type)}: converting…`}
        </li>
      ))}
    </ul>
  );
}

/** The project's snapshots, newest first, each with its state and its downloads. */
export function SnapshotList({
  projectId,
  snapshots,
  titleOf = (name) => name,
}: {
  projectId: number;
  snapshots: Snapshot[];
  titleOf?: TitleOf;
}) {
  if (snapshots.length === 0) {
    return (
      <EmptyState title="No snapshots yet">
        <p className="muted">A snapshot you create above is kept here to download again.</p>
      </EmptyState>
    );
  }
  return (
    <table className="task-table snapshot-table" aria-label="Snapshots">
      <thead>
        <tr>
          <th>Snapshot</th>
          <th>Created</th>
          <th>State</th>
          <th className="numeric">Tasks</th>
          <th>Download</th>
        </tr>
      </thead>
      <tbody>
        {snapshots.map((snapshot) => (
          <tr key={snapshot.id} data-snapshot={snapshot.id}>
            <td>
              {snapshot.title || `Snapshot ${snapshot.id}`}
              {snapshot.created_by && (
                <div className="muted small">by {snapshot.created_by.email}</div>
              )}
            </td>
            <td className="snapshot-time">{formatMoment(snapshot.created_at, '')}</td>
            <td>
              <span className={`pill pill-${snapshot.status}`}>
                {STATUS_LABELS[snapshot.status] ?? snapshot.status}
              </span>
              {snapshot.status === 'failed' && snapshot.error && (
                <div className="snapshot-error small">{snapshot.error}</div>
              )}
            </td>
            <td className="numeric">
              {snapshot.counters.task_number === undefined
                ? '—'
                : snapshot.counters.task_number.toLocaleString('en')}
            </td>
            <td>
              <div className="snapshot-downloads">
                {snapshotDownloads(snapshot).map((format) => (
                  <a
                    key={format}
                    className="btn btn-secondary btn-small"
                    href={snapshotDownloadUrl(projectId, snapshot.id, format)}
                    download
                    aria-label={`Download snapshot ${snapshot.id} as ${titleOf(format)}`}
                  >
                    {titleOf(format)}
                  </a>
                ))}
              </div>
              <Conversions snapshot={snapshot} titleOf={titleOf} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
