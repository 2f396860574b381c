import { useState } from 'react';

import type { Membership, OrganizationRole } from '../../api/team';
import { Button } from '../../components/ui';
import { assignableRoles, formatMoment, mayChange, memberName } from './teamRules';

export interface MembersTableProps {
  memberships: Membership[];
  callerRole: OrganizationRole | null;
  callerId: number;
  busy: boolean;
  onChangeRole: (membership: Membership, role: OrganizationRole) => void;
  onRemove: (membership: Membership) => void;
}

/** The organization's members; role and removal controls where the caller may use them. */
export function MembersTable({
  memberships,
  callerRole,
  callerId,
  busy,
  onChangeRole,
  onRemove,
}: MembersTableProps) {
  const [confirming, setConfirming] = useState<number | null>(null);
  const roles = assignableRoles(callerRole);

  return (
    <table className="task-table team-table">
      <thead>
        <tr>
          <th>Member</th>
          <th>Email</th>
          <th>Role</th>
          <th>Joined</th>
          <th aria-label="Actions" />
        </tr>
      </thead>
      <tbody>
        {memberships.map((membership) => {
          const { user } = membership;
          const editable = mayChange(callerRole, membership.role);
          const name = memberName(user);
          return (
            <tr key={membership.id}>
              <td>
                {name}
                {user.id === callerId && <span className="pill team-you">you</span>}
              </td>
              <td className="muted">{user.email}</td>
              <td>
                {editable ? (
                  <select
                    aria-label={`Role of ${user.email}`}
                    value={membership.role}
                    disabled={busy}
                    onChange={(event) =>
                      onChangeRole(membership, event.target.value as OrganizationRole)
                    }
                  >
                    {roles.map((role) => (
                      <option key={role} value={role}>
                        {role}
                      </option>
                    ))}
                  </select>
                ) : (
                  <span className="pill">{membership.role}</span>
                )}
              </td>
              <td className="muted small">{formatMoment(membership.created_at, '')}</td>
              <td className="team-actions">
                {editable &&
                  (confirming === membership.id ? (
                    <>
                      <Button
                        variant="danger"
                        type="button"
                        disabled={busy}
                        onClick={() => {
                          setConfirming(null);
                          onRemove(membership);
                        }}
                      >
                        Remove {user.email}
                      </Button>
                      <Button variant="ghost" type="button" onClick={() => setConfirming(null)}>
                        Keep
                      </Button>
                    </>
                  ) : (
                    <Button
                      variant="ghost"
                      type="button"
                      aria-label={`Remove ${user.email}`}
                      disabled={busy}
                      onClick={() => setConfirming(membership.id)}
                    >
                      Remove
                    </Button>
                  ))}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
