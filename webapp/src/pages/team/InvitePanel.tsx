import { useCallback, useEffect, useState } from 'react';
import type { FormEvent } from 'react';

import { createInvite, listInvites, revokeInvite } from '../../api/team';
import type { Invite, NewInvite, OrganizationRole } from '../../api/team';
import { Button, ErrorMessage } from '../../components/ui';
import { CopyField } from './CopyField';
import { assignableRoles, formatMoment, inviteLink, isExpired, readDays } from './teamRules';

const DEFAULT_INVITE_DAYS = '7';
const MAX_INVITE_DAYS = 365;

/** Making invite links, and the list of the organization's links with their use. */
export function InvitePanel({
  organizationId,
  callerRole,
}: {
  organizationId: number;
  callerRole: OrganizationRole | null;
}) {
  const [invites, setInvites] = useState<Invite[]>([]);
  const [made, setMade] = useState<Invite | null>(null);
  const [role, setRole] = useState<OrganizationRole>('annotator');
  const [email, setEmail] = useState('');
  const [days, setDays] = useState(DEFAULT_INVITE_DAYS);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(() => {
    listInvites(organizationId).then(setInvites).catch(setError);
  }, [organizationId]);

  useEffect(load, [load]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const expiry = readDays(days, 'The expiry', MAX_INVITE_DAYS);
    if ('error' in expiry) {
      setError(new Error(expiry.error));
      return;
    }

    const request: NewInvite = { role };
    if (email.trim()) request.email = email.trim();
    if (expiry.days !== undefined) request.expires_in_days = expiry.days;
    setBusy(true);
    setError(null);
    try {
      setMade(await createInvite(organizationId, request));
      setEmail('');
      load();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  const revoke = async (invite: Invite) => {
    setError(null);
    try {
      await revokeInvite(invite.id);
      if (made?.id === invite.id) setMade(null);
      load();
    } catch (caught) {
      setError(caught);
    }
  };

  const link = made ? inviteLink(made, window.location.origin) : null;
  return (
    <section className="card team-section" aria-labelledby="invite-heading">
      <h2 id="invite-heading">Invite people</h2>
      <form className="form-row" onSubmit={submit}>
        <label className="field">
          <span>Role</span>
          <select
            value={role}
            onChange={(event) => setRole(event.target.value as OrganizationRole)}
          >
            {assignableRoles(callerRole).map((option) => (
              <option key={option} value={option}>
                {option}
              </option>
            ))}
          </select>
        </label>
        <label className="field field-grow">
          <span>Only for this email (optional)</span>
          <input type="email" value={email} onChange={(event) => setEmail(event.target.value)} />
        </label>
        <label className="field">
          <span>Expires in days</span>
          <input
            inputMode="numeric"
            value={days}
            onChange={(event) => setDays(event.target.value)}
          />
        </label>
        <Button variant="primary" type="submit" disabled={busy}>
          {busy ? 'Making…' : 'Make invite link'}
        </Button>
      </form>
      <ErrorMessage error={error} />
      {made && link && (
        <div className="success-message team-made">
          <CopyField label="Invite link" value={link} />
          <p className="small">
            Anyone with this link joins as <strong>{made.role}</strong> until{' '}
            {formatMoment(made.expires_at)}. It is shown only now.
          </p>
          <Button variant="ghost" type="button" onClick={() => void revoke(made)}>
            Revoke this link
          </Button>
        </div>
      )}
      {invites.length > 0 && (
        <table className="task-table team-table">
          <thead>
            <tr>
              <th>Role</th>
              <th>For</th>
              <th>Made</th>
              <th>Expires</th>
              <th className="numeric">Used</th>
              <th aria-label="Actions" />
            </tr>
          </thead>
          <tbody>
            {invites.map((invite) => {
              const open = !invite.revoked && !isExpired(invite.expires_at);
              return (
                <tr key={invite.id}>
                  <td>{invite.role}</td>
                  <td className="muted">{invite.email ?? 'anyone with the link'}</td>
                  <td className="muted small">{formatMoment(invite.created_at, '')}</td>
                  <td className="muted small">
                    {invite.revoked ? 'revoked' : formatMoment(invite.expires_at)}
                  </td>
                  <td className="numeric">{invite.accepted_count}</td>
                  <td className="team-actions">
                    {open && (
                      <Button
                        variant="ghost"
                        type="button"
                        aria-label={`Revoke invite ${invite.id}`}
                        onClick={() => void revoke(invite)}
                      >
                        Revoke
                      </Button>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
