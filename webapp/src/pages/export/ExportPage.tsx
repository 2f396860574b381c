import { useCallback, useEffect, useState } from 'react';

import { apiGet } from '../../api/client';
import type { Project } from '../../api/types';
import { Button, ErrorMessage, Spinner } from '../../components/ui';
import { Link } from '../../router';
import type { SavedView } from '../tableViews';
import type { ExportFormat, Snapshot } from './exportApi';
import { directDownloadUrl, listFormats, listSnapshots } from './exportApi';
import { FormatList, firstApplicable } from './FormatList';
import { SnapshotList } from './SnapshotList';
import { SnapshotPanel } from './SnapshotPanel';
import './export.css';

interface Loaded {
  project: Project;
  formats: ExportFormat[];
  views: SavedView[];
}

async function loadAll(projectId: number): Promise<Loaded> {
  const [project, formats, views] = await Promise.all([
    apiGet<Project>(`/api/projects/${projectId}/`),
    listFormats(projectId),
    apiGet<SavedView[]>(`/api/dm/views/?project=${projectId}`),
  ]);
  return { project, formats, views };
}

/** The streamed export: one request that starts sending at once, in the chosen format. */
function DirectDownload({
  projectId,
  format,
  title,
}: {
  projectId: number;
  format: string | null;
  title: string;
}) {
  const [allTasks, setAllTasks] = useState(false);
  return (
    <section className="card" aria-labelledby="direct-heading">
      <h2 id="direct-heading">Download now</h2>
      <p className="muted small">
        The tasks are read and sent as the download goes: quick for a project of a few thousand
        tasks. Nothing is kept on the server.
      </p>
      <div className="export-options">
        <label className="checkbox">
          <input
            type="checkbox"
            checked={allTasks}
            onChange={(event) => setAllTasks(event.target.checked)}
          />
          All tasks, not only those with annotations
        </label>
        <div className="action-row">
          {format ? (
            <a
              className="btn btn-secondary"
              href={directDownloadUrl(projectId, format, allTasks)}
              download
            >
              Download {title}
            </a>
          ) : (
            <span className="muted">No format fits this project.</span>
          )}
        </div>
      </div>
    </section>
  );
}

/** A project's exports: the formats, a download at once, and snapshots made by a job. */
export function ExportPage({ projectId }: { projectId: number }) {
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [chosen, setChosen] = useState<string | null>(null);
  const [snapshots, setSnapshots] = useState<Snapshot[] | null>(null);
  const [listError, setListError] = useState<unknown>(null);

  useEffect(() => {
    loadAll(projectId)
      .then((answer) => {
        setLoaded(answer);
        setChosen(firstApplicable(answer.formats));
      })
      .catch(setError);
  }, [projectId]);

  const loadSnapshots = useCallback(() => {
    listSnapshots(projectId)
      .then((rows) => {
        setSnapshots(rows);
        setListError(null);
      })
      .catch(setListError);
  }, [projectId]);

  useEffect(loadSnapshots, [loadSnapshots]);

  if (error) {
    return (
      <main className="page">
        <ErrorMessage error={error} />
      </main>
    );
  }
  if (!loaded) return <Spinner />;

  const { project, formats, views } = loaded;
  const titles = new Map(formats.map((format) => [format.name, format.title]));
  const titleOf = (name: string) => titles.get(name) ?? name;
  const name = project.title || `Project ${project.id}`;
  return (
    <main className="page">
      <div className="page-header">
        <div>
          <div className="breadcrumb">
            <Link href="/">Projects</Link> / <Link href={`/projects/${project.id}`}>{name}</Link> /
          </div>
          <h1>Export</h1>
          <p className="muted">
            {(project.task_number ?? 0).toLocaleString('en')} tasks,{' '}
            {(project.num_tasks_with_annotations ?? 0).toLocaleString('en')} with annotations
          </p>
        </div>
      </div>
      <div className="export-layout">
        <section className="card" aria-labelledby="format-heading">
          <h2 id="format-heading">Format</h2>
          <FormatList formats={formats} chosen={chosen ?? ''} onChoose={setChosen} />
        </section>
        <div className="export-ways">
          <DirectDownload
            projectId={project.id}
            format={chosen}
            title={chosen ? titleOf(chosen) : ''}
          />
          <SnapshotPanel
            projectId={project.id}
            format={chosen}
            titleOf={titleOf}
            views={views}
            onSnapshotsChanged={loadSnapshots}
          />
        </div>
      </div>
      <section className="card" aria-labelledby="snapshots-heading">
        <div className="card-header">
          <h2 id="snapshots-heading">Snapshots</h2>
          <Button variant="ghost" onClick={loadSnapshots}>
            Refresh
          </Button>
        </div>
        <ErrorMessage error={listError} />
        {snapshots === null ? (
          !listError && <Spinner />
        ) : (
          <SnapshotList projectId={project.id} snapshots={snapshots} titleOf={titleOf} />
        )}
      </section>
    </main>
  );
}
