import { useEffect, useState } from 'react';

import { listOrganizations, switchOrganization } from '../../api/team';
import type { Organization } from '../../api/team';
import './team.css';

function reloadHome() {
  // Every page read the old organization's objects; a fresh load reads the new one's.
  window.location.assign('/');
}

/**
 * The active organization, and a choice among the caller's others. Shown only to someone
 * who belongs to several.
 */
export function OrganizationSwitcher({
  onSwitched = reloadHome,
}: {
  onSwitched?: (organization: Organization) => void;
}) {
  const [organizations, setOrganizations] = useState<Organization[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    listOrganizations()
      .then(setOrganizations)
      .catch((caught: unknown) =>
        setError(String(caught instanceof Error ? caught.message : caught)),
      );
  }, []);

  if (error) {
    return (
      <span className="small organization-switcher-error" role="alert">
        {error}
      </span>
    );
  }
  if (organizations.length < 2) return null;

  const active = organizations.find((organization) => organization.active);
  const choose = async (id: number) => {
    setBusy(true);
    try {
      onSwitched(await switchOrganization(id));
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <label className="organization-switcher">
      <span className="muted small">Organization</span>
      <select
        value={active?.id ?? ''}
        disabled={busy}
        onChange={(event) => void choose(Number(event.target.value))}
      >
        {!active && <option value="">Choose…</option>}
        {organizations.map((organization) => (
          <option key={organization.id} value={organization.id}>
            {organization.title}
          </option>
        ))}
      </select>
    </label>
  );
}
