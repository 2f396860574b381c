import { useEffect, useState } from 'react';

import { apiGet } from '../../api/client';
import type { Page, Project } from '../../api/types';
import { ErrorMessage } from '../../components/ui';
import { Link } from '../../router';

/** The organization's projects the caller sees, each with the way to its members. */
export function ProjectAccessList() {
  const [projects, setProjects] = useState<Project[] | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    apiGet<Page<Project>>('/api/projects/?page_size=100')
      .then((page) => setProjects(page.results))
      .catch(setError);
  }, []);

  return (
    <section className="card team-section" aria-labelledby="project-access-heading">
      <h2 id="project-access-heading">Project members and access</h2>
      <ErrorMessage error={error} />
      {projects?.length === 0 && <p className="muted">No projects yet.</p>}
      <ul className="team-project-list">
        {projects?.map((project) => (
          <li key={project.id}>
            <Link href={`/projects/${project.id}/members`}>
              {project.title || `Project ${project.id}`}
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
