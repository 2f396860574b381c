import { useEffect, useState } from 'react';

import { apiGet } from '../api/client';
import type { Page, Project } from '../api/types';
import { EmptyState, ErrorMessage, Spinner } from '../components/ui';
import { Link } from '../router';

export function ProjectsPage() {
  const [projects, setProjects] = useState<Project[] | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    apiGet<Page<Project>>('/api/projects/?page_size=100')
      .then((page) => setProjects(page.results))
      .catch(setError);
  }, []);

  return (
    <main className="page">
      <div className="page-header">
        <h1>Projects</h1>
        <Link className="btn btn-primary" href="/projects/new">
          New project
        </Link>
      </div>
      <ErrorMessage error={error} />
      {!projects && !error && <Spinner />}
      {projects?.length === 0 && (
        <EmptyState title="No projects yet">
          <p>Pick a template, import your data and start labeling.</p>
          <Link className="btn btn-primary" href="/projects/new">
            Create the first project
          </Link>
        </EmptyState>
      )}
      <div className="project-grid">
        {projects?.map((project) => {
          const total = project.task_number ?? 0;
          const done = project.num_tasks_with_annotations ?? 0;
          return (
            <Link key={project.id} href={`/projects/${project.id}`} className="card project-card">
              <h2>{project.title || `Project ${project.id}`}</h2>
              <p className="muted clamp">{project.description || 'No description.'}</p>
              <div className="project-card-footer">
                <span>
                  <strong>{total}</strong> {total === 1 ? 'task' : 'tasks'}
                </span>
                <span>
                  <strong>{done}</strong> labeled
                </span>
              </div>
              <div className="mini-track">
                <div
                  className="mini-fill"
                  style={{ width: `${total ? Math.round((done / total) * 100) : 0}%` }}
                />
              </div>
            </Link>
          );
        })}
      </div>
    </main>
  );
}
