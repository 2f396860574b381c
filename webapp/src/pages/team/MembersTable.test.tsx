// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';

import type { Membership, OrganizationRole } from '../../api/team';
import { MembersTable } from './MembersTable';

afterEach(cleanup);

const SCRIPT_NAME = '<img src=x onerror="window.__ran=1">';

function membership(id: number, email: string, role: OrganizationRole, first = ''): Membership {
  return {
    id,
    organization: 1,
    role,
    created_at: '2026-12-04T10:00:00',
    user: { id, email, first_name: first, last_name: '' },
  };
}

const people = [
  membership(1, 'owner@example.com', 'owner'),
  membership(2, 'admin@example.com', 'administrator'),
  membership(3, 'new@example.com', 'annotator', SCRIPT_NAME),
];

function renderAs(callerRole: OrganizationRole) {
  const changes: [number, string][] = [];
  const removed: number[] = [];
  const view = render(
    <MembersTable
      memberships={people}
      callerRole={callerRole}
      callerId={2}
      busy={false}
      onChangeRole={(member, role) => changes.push([member.user.id, role])}
      onRemove={(member) => removed.push(member.user.id)}
    />,
  );
  return { view, changes, removed };
}

describe('MembersTable', () => {
  it("shows a member's name as text, never as markup", () => {
    const { view } = renderAs('administrator');

    expect(screen.getByText(SCRIPT_NAME)).toBeTruthy();
    expect(view.container.querySelector('img')).toBeNull();
  });

  it('gives an administrator no hold on an owner and no owner role to hand out', () => {
    renderAs('administrator');

    expect(screen.queryByLabelText('Role of owner@example.com')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Remove owner@example.com' })).toBeNull();
    const select = screen.getByLabelText('Role of new@example.com') as HTMLSelectElement;
    const offered = Array.from(select.options).map((option) => option.value);
    expect(offered).not.toContain('owner');
    expect(offered).toContain('reviewer');
  });

  it('changes a role through the select', () => {
    const { changes } = renderAs('owner');

    fireEvent.change(screen.getByLabelText('Role of new@example.com'), {
      target: { value: 'reviewer' },
    });

    expect(changes).toEqual([[3, 'reviewer']]);
  });

  it('removes a member only after the second click', () => {
    const { removed } = renderAs('owner');

    fireEvent.click(screen.getByRole('button', { name: 'Remove new@example.com' }));
    expect(removed).toEqual([]);
    fireEvent.click(screen.getByRole('button', { name: 'Keep' }));
    expect(screen.queryByRole('button', { name: 'Keep' })).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: 'Remove new@example.com' }));
    fireEvent.click(screen.getByRole('button', { name: 'Remove new@example.com' }));
    expect(removed).toEqual([3]);
  });

  it('shows roles read-only to a member who does not manage members', () => {
    renderAs('reviewer');

    expect(screen.queryAllByRole('combobox')).toEqual([]);
    expect(screen.queryAllByRole('button')).toEqual([]);
    expect(screen.getByText('administrator')).toBeTruthy();
  });
});
