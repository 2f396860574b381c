import { describe, expect, it } from 'vitest';

import type { Invite } from '../../api/team';
import {
  assignableRoles,
  formatMoment,
  inviteLink,
  isExpired,
  managesMembers,
  mayChange,
  memberName,
  readDays,
} from './teamRules';

const invite: Invite = {
  id: 3,
  organization: 1,
  role: 'annotator',
  email: null,
  created_at: '2026-12-04T10:00:00',
  expires_at: '2026-12-11T10:00:00',
  revoked: false,
  accepted_count: 0,
};

describe('who manages members', () => {
  it('lets owners and administrators manage, nobody below', () => {
    expect(managesMembers('owner')).toBe(true);
    expect(managesMembers('administrator')).toBe(true);
    expect(managesMembers('manager')).toBe(false);
    expect(managesMembers(null)).toBe(false);
  });

  it('offers the owner role to owners alone', () => {
    expect(assignableRoles('owner')).toContain('owner');
    expect(assignableRoles('administrator')).not.toContain('owner');
    expect(assignableRoles('administrator')).toContain('administrator');
    expect(assignableRoles('reviewer')).toEqual([]);
  });

  it("keeps an owner's row out of an administrator's reach", () => {
    expect(mayChange('administrator', 'owner')).toBe(false);
    expect(mayChange('administrator', 'manager')).toBe(true);
    expect(mayChange('owner', 'owner')).toBe(true);
    expect(mayChange('annotator', 'annotator')).toBe(false);
  });
});

describe('invite links', () => {
  it('keeps a link the server built from its public address', () => {
    const link = inviteLink(
      { ...invite, invite_url: 'https://labels.example.org/user/signup/?token=abc' },
      'http://127.0.0.1:8080',
    );
    expect(link).toBe('https://labels.example.org/user/signup/?token=abc');
  });

  it("completes a bare path with the page's origin", () => {
    const link = inviteLink(
      { ...invite, invite_url: '/user/signup/?token=abc' },
      'http://127.0.0.1:8080/',
    );
    expect(link).toBe('http://127.0.0.1:8080/user/signup/?token=abc');
  });

  it('has no link for an invite listed without its token', () => {
    expect(inviteLink(invite, 'http://127.0.0.1:8080')).toBeNull();
    expect(inviteLink({ ...invite, token: 'xyz' }, 'http://h')).toBe(
      'http://h/user/signup/?token=xyz',
    );
  });
});

describe('times', () => {
  it('reads the server’s times as UTC', () => {
    expect(formatMoment('2026-12-04T10:05:00')).toBe('2026-12-04 10:05 UTC');
    expect(formatMoment('2026-12-04T10:05:00+00:00')).toBe('2026-12-04 10:05 UTC');
    expect(formatMoment(null)).toBe('never');
  });

  it('tells an expired moment from a future one', () => {
    const now = new Date('2026-12-04T12:00:00Z');
    expect(isExpired('2026-12-04T11:59:00', now)).toBe(true);
    expect(isExpired('2026-12-04T12:01:00', now)).toBe(false);
    expect(isExpired(null, now)).toBe(false);
  });
});

describe('the days field', () => {
  it('reads empty as none and a whole number in range as days', () => {
    expect(readDays('  ', 'The expiry', 30)).toEqual({ days: undefined });
    expect(readDays('30', 'The expiry', 30)).toEqual({ days: 30 });
  });

  it('names what it expected and what came', () => {
    for (const text of ['0', '31', '2.5', 'soon', '-3']) {
      const read = readDays(text, 'The expiry', 30);
      expect('error' in read && read.error).toContain(`from 1 to 30, got "${text}"`);
    }
  });
});

it('names a member by their name, or by email when they gave none', () => {
  expect(memberName({ email: 'a@example.com', first_name: 'Ada', last_name: 'L' })).toBe('Ada L');
  expect(memberName({ email: 'a@example.com', first_name: '', last_name: '' })).toBe(
    'a@example.com',
  );
});
