import { useEffect, useState } from 'react';

import { changeMemberRole, listMemberships, listOrganizations, removeMember } from '../../api/team';
import type { Membership, Organization, OrganizationRole } from '../../api/team';
import type { User } from '../../api/types';
import { EmptyState, ErrorMessage, Spinner } from '../../components/ui';
import { Link } from '../../router';
import { ProjectAccessList } from './ProjectAccessList';
import { InvitePanel } from './InvitePanel';
import { MembersTable } from './MembersTable';
import { managesMembers } from './teamRules';
import './team.css';

const PAGE_SIZE = 100;

/** The active organization's members and, for its owners and administrators, invites. */
export function TeamPage({ user }: { user: User }) {
  const [organization, setOrganization] = useState<Organization | null>(null);
  const [memberships, setMemberships] = useState<Membership[] | null>(null);
  const [total, setTotal] = useState(0);
  const [page, setPage] = useState(1);
  const [error, setError] = useState<unknown>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const [reloads, setReloads] = useState(0);

  // The caller's own role may be what changed, so the organization is read again too.
  useEffect(() => {
    const read = async () => {
      const organizations = await listOrganizations();
      const active = organizations.find((candidate) => candidate.active);
      if (!active) throw new Error('You belong to no organization: ask for an invite link.');
      const answer = await listMemberships(active.id, page, PAGE_SIZE);
      setOrganization(active);
      setMemberships(answer.results);
      setTotal(answer.count);
    };
    read().catch(setError);
  }, [page, reloads]);

  const act = async (work: () => Promise<unknown>) => {
    setBusy(true);
    setActionError(null);
    try {
      await work();
    } catch (caught) {
      setActionError(caught);
    } finally {
      setBusy(false);
      setReloads((count) => count + 1);
    }
  };

  if (error) {
    return (
      <main className="page">
        <ErrorMessage error={error} />
      </main>
    );
  }
  if (!organization || !memberships) return <Spinner />;

  const callerRole = organization.role;
  const changeRole = (membership: Membership, role: OrganizationRole) =>
    void act(() => changeMemberRole(organization.id, membership.user.id, role));
  const remove = (membership: Membership) =>
    void act(() => removeMember(organization.id, membership.user.id));
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));

  return (
    <main className="page">
      <div className="page-header">
        <div>
          <div className="breadcrumb">
            <Link href="/">Projects</Link> /
          </div>
          <h1>{organization.title}</h1>
          <p className="muted">
            {total} {total === 1 ? 'member' : 'members'} · your role:{' '}
            <strong>{callerRole ?? 'none'}</strong>
          </p>
        </div>
        <div className="page-actions">
          <Link className="btn btn-secondary" href="/account/tokens">
            Your API tokens
          </Link>
        </div>
      </div>
      {managesMembers(callerRole) && (
        <InvitePanel organizationId={organization.id} callerRole={callerRole} />
      )}
      <section className="card team-section" aria-labelledby="members-heading">
        <h2 id="members-heading">Members</h2>
        {!managesMembers(callerRole) && (
          <p className="muted small">
            Owners and administrators change roles, remove members and make invite links.
          </p>
        )}
        <ErrorMessage error={actionError} />
        {memberships.length === 0 ? (
          <EmptyState title="No members on this page" />
        ) : (
          <MembersTable
            memberships={memberships}
            callerRole={callerRole}
            callerId={user.id}
            busy={busy}
            onChangeRole={changeRole}
            onRemove={remove}
          />
        )}
        {pages > 1 && (
          <div className="pager">
            <button
              type="button"
              className="btn btn-ghost"
              disabled={page <= 1}
              onClick={() => setPage(page - 1)}
            >
              Previous
            </button>
            <span>
              Page {page} of {pages}
            </span>
            <button
              type="button"
              className="btn btn-ghost"
              disabled={page >= pages}
              onClick={() => setPage(page + 1)}
            >
              Next
            </button>
          </div>
        )}
      </section>
      <ProjectAccessList />
    </main>
  );
}
