// What the team screens offer a caller, and how they spell links and dates. The server
// decides every action; these only keep the screens from offering what it will refuse.

import { ORGANIZATION_ROLES } from '../../api/team';
import type { Invite, OrganizationRole } from '../../api/team';

const MEMBER_MANAGERS: readonly OrganizationRole[] = ['owner', 'administrator'];

export function managesMembers(role: OrganizationRole | null | undefined): boolean {
  return role != null && MEMBER_MANAGERS.includes(role);
}

/** The roles the caller may give: only an owner makes owners. */
export function assignableRoles(callerRole: OrganizationRole | null | undefined) {
  if (callerRole === 'owner') return [...ORGANIZATION_ROLES];
  if (callerRole === 'administrator') return ORGANIZATION_ROLES.filter((role) => role !== 'owner');
  return [];
}

/** Whether the caller may change or remove a member who holds `memberRole`. */
export function mayChange(
  callerRole: OrganizationRole | null | undefined,
  memberRole: OrganizationRole,
): boolean {
  if (!managesMembers(callerRole)) return false;
  return memberRole !== 'owner' || callerRole === 'owner';
}

/**
 * The link to hand over. The server builds it from its configured public address, which
 * may be unset: then it is a path, and this page's origin completes it.
 */
export function inviteLink(invite: Invite, origin: string): string | null {
  const link = invite.invite_url ?? (invite.token ? `/user/signup/?token=${invite.token}` : null);
  if (!link) return null;
  if (/^https?:\/\//i.test(link)) return link;
  return origin.replace(/\/$/, '') + (link.startsWith('/') ? link : `/${link}`);
}

// The server writes UTC times without an offset.
function parseServerTime(value: string): Date {
  return new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value}Z`);
}

export function isExpired(expiresAt: string | null, now: Date = new Date()): boolean {
  return expiresAt !== null && parseServerTime(expiresAt).getTime() <= now.getTime();
}

export function formatMoment(value: string | null, never = 'never'): string {
  if (!value) return never;
  const moment = parseServerTime(value);
  if (Number.isNaN(moment.getTime())) return value;
  return moment.toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
}

export type DaysField = { days: number | undefined } | { error: string };

/** A number-of-days field: empty means none; otherwise a whole number from 1 to `max`. */
export function readDays(text: string, label: string, max: number): DaysField {
  const trimmed = text.trim();
  if (trimmed === '') return { days: undefined };
  const days = Number(trimmed);
  if (!/^\d+$/.test(trimmed) || days < 1 || days > max) {
    return {
      error: `${label} must be a whole number of days from 1 to ${max}, got "${trimmed}".`,
    };
  }
  return { days };
}

export function memberName(user: {
  email: string;
  first_name?: string;
  last_name?: string;
}): string {
  const name = [user.first_name, user.last_name].filter(Boolean).join(' ').trim();
  return name || user.email;
}
