import { useCallback, useEffect, useState } from 'react';
import type { FormEvent } from 'react';

import { apiGet } from '../../api/client';
import {
  PROJECT_ROLES,
  addProjectMember,
  changeProjectRole,
  listOrganizationUsers,
  listProjectMembers,
  readProjectAccess,
  removeProjectMember,
  updateProjectAccess,
} from '../../api/team';
import type { Member, ProjectAccess, ProjectMember, ProjectRole } from '../../api/team';
import type { Project } from '../../api/types';
import { Button, EmptyState, ErrorMessage, Spinner } from '../../components/ui';
import { Link } from '../../router';
import { ProjectMembersTable } from './ProjectMembersTable';
import { memberName } from './teamRules';
import './team.css';

interface Loaded {
  project: Project;
  access: ProjectAccess;
  members: ProjectMember[];
  people: Member[];
}

async function loadAll(projectId: number): Promise<Loaded> {
  const [project, access, members, people] = await Promise.all([
    apiGet<Project>(`/api/projects/${projectId}/`),
    readProjectAccess(projectId),
    listProjectMembers(projectId),
    listOrganizationUsers(),
  ]);
  return { project, access, members, people };
}

/**
 * Who may open a project: open to the whole organization, or restricted to its listed
 * members, each with a project role. Managers change it; others see it.
 */
export function ProjectMembersPage({ projectId }: { projectId: number }) {
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [newUser, setNewUser] = useState('');
  const [newRole, setNewRole] = useState<ProjectRole>('annotator');

  const load = useCallback(() => {
    loadAll(projectId).then(setLoaded).catch(setError);
  }, [projectId]);

  useEffect(load, [load]);

  const act = async (work: () => Promise<unknown>) => {
    setBusy(true);
    setActionError(null);
    try {
      await work();
    } catch (caught) {
      setActionError(caught);
    } finally {
      setBusy(false);
      load();
    }
  };

  // The box shows the choice at once; the answer, or the reload after a refusal, corrects it.
  const changeAccess = (
    change: Partial<Pick<ProjectAccess, 'restricted' | 'annotators_see_others'>>,
  ) => {
    setLoaded((current) => current && { ...current, access: { ...current.access, ...change } });
    void act(() => updateProjectAccess(projectId, change));
  };

  if (error) {
    return (
      <main className="page">
        <ErrorMessage error={error} />
      </main>
    );
  }
  if (!loaded) return <Spinner />;

  const { project, access, members, people } = loaded;
  const manager = access.your_role === 'manager';
  const listed = new Set(members.map((member) => member.user));
  const candidates = people.filter((person) => !listed.has(person.id));

  const add = (event: FormEvent) => {
    event.preventDefault();
    const userId = Number(newUser);
    if (!userId) {
      setActionError(new Error('Choose the member to add from the list first.'));
      return;
    }
    setNewUser('');
    void act(() => addProjectMember(projectId, userId, newRole));
  };

  return (
    <main className="page">
      <div className="page-header">
        <div>
          <div className="breadcrumb">
            <Link href="/">Projects</Link> /{' '}
            <Link href={`/projects/${project.id}`}>{project.title || `Project ${project.id}`}</Link>{' '}
            /
          </div>
          <h1>Members and access</h1>
          <p className="muted">
            Your role in this project: <strong>{access.your_role ?? 'none'}</strong>
          </p>
        </div>
      </div>
      <ErrorMessage error={actionError} />
      <section className="card team-section" aria-labelledby="access-heading">
        <h2 id="access-heading">Access</h2>
        <label className="team-check">
          <input
            type="checkbox"
            checked={access.restricted}
            disabled={!manager || busy}
            onChange={(event) => changeAccess({ restricted: event.target.checked })}
          />
          Only listed members may open this project
        </label>
        <p className="muted small">
          {access.restricted
            ? 'Members of the organization who are not listed below do not see the project.'
            : 'Every member of the organization may open it as an annotator; listed members have the role given below.'}
        </p>
        <label className="team-check">
          <input
            type="checkbox"
            checked={access.annotators_see_others}
            disabled={!manager || busy}
            onChange={(event) => changeAccess({ annotators_see_others: event.target.checked })}
          />
          Annotators see each other&apos;s annotations
        </label>
      </section>
      <section className="card team-section" aria-labelledby="project-members-heading">
        <h2 id="project-members-heading">Listed members</h2>
        {manager && (
          <form className="form-row" onSubmit={add}>
            <label className="field field-grow">
              <span>Member of the organization</span>
              <select value={newUser} onChange={(event) => setNewUser(event.target.value)}>
                <option value="">Choose…</option>
                {candidates.map((person) => (
                  <option key={person.id} value={person.id}>
                    {memberName(person) === person.email
                      ? person.email
                      : `${memberName(person)} (${person.email})`}
                  </option>
                ))}
              </select>
            </label>
            <label className="field">
              <span>Project role</span>
              <select
                value={newRole}
                onChange={(event) => setNewRole(event.target.value as ProjectRole)}
              >
                {PROJECT_ROLES.map((role) => (
                  <option key={role} value={role}>
                    {role}
                  </option>
                ))}
              </select>
            </label>
            <Button variant="primary" type="submit" disabled={busy}>
              Add member
            </Button>
          </form>
        )}
        {members.length === 0 ? (
          <EmptyState title="No listed members">
            <p className="muted">Add members to give them a role in this project.</p>
          </EmptyState>
        ) : (
          <ProjectMembersTable
            members={members}
            editable={manager}
            busy={busy}
            onChangeRole={(member, role) =>
              void act(() => changeProjectRole(projectId, member.user, role))
            }
            onRemove={(member) => void act(() => removeProjectMember(projectId, member.user))}
          />
        )}
      </section>
    </main>
  );
}
