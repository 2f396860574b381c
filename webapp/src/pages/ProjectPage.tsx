import { useCallback, useEffect, useState } from 'react';

import { apiGet } from '../api/client';
import type { Project } from '../api/types';
import { ErrorMessage, Spinner } from '../components/ui';
import { Link } from '../router';
import { StreamSettings } from './settings/StreamSettings';
import { ConfigEditor } from './ConfigEditor';
import { ImportPanel } from './ImportPanel';
import { TaskTable } from './TaskTable';

export function ProjectPage({ projectId }: { projectId: number }) {
  const [project, setProject] = useState<Project | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [reloadKey, setReloadKey] = useState(0);
  const [editing, setEditing] = useState(false);

  const load = useCallback(() => {
    apiGet<Project>(`/api/projects/${projectId}/`).then(setProject).catch(setError);
  }, [projectId]);

  useEffect(load, [load]);

  const imported = () => {
    load();
    setReloadKey((key) => key + 1);
  };

  if (error) {
    return (
      <main className="page">
        <ErrorMessage error={error} />
      </main>
    );
  }
  if (!project) return <Spinner />;

  return (
    <main className="page">
      <div className="page-header">
        <div>
          <div className="breadcrumb">
            <Link href="/">Projects</Link> /
          </div>
          <h1>{project.title || `Project ${project.id}`}</h1>
          {project.description && <p className="muted">{project.description}</p>}
        </div>
        <div className="page-actions">
          <div className="btn-group">
            <Link className="btn btn-secondary" href={`/projects/${project.id}/export`}>
              Export
            </Link>
            <a
              className="btn btn-secondary"
              href={`/api/projects/${project.id}/export?exportType=JSON`}
              download
              aria-label="Export JSON"
              title="Download the tasks with annotations as JSON now"
            >
              JSON
            </a>
          </div>
          <button
            type="button"
            className="btn btn-secondary"
            aria-expanded={editing}
            onClick={() => setEditing((open) => !open)}
          >
            {editing ? 'Close settings' : 'Settings'}
          </button>
          <Link className="btn btn-secondary" href={`/projects/${project.id}/members`}>
            Members
          </Link>
          <Link className="btn btn-secondary" href={`/projects/${project.id}/workflow`}>
            Workflow and review
          </Link>
          <Link className="btn btn-primary" href={`/projects/${project.id}/label`}>
            Label tasks
          </Link>
        </div>
      </div>
      {editing && <ConfigEditor project={project} onSaved={setProject} />}
      {editing && <StreamSettings project={project} onSaved={setProject} />}
      <ImportPanel projectId={project.id} onImported={imported} />
      <TaskTable projectId={project.id} reloadKey={reloadKey} />
    </main>
  );
}
