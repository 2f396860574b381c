// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';

import type { ProjectMember } from '../../api/team';
import { ProjectMembersTable } from './ProjectMembersTable';

afterEach(cleanup);

const members: ProjectMember[] = [
  {
    id: 11,
    project: 4,
    user: 8,
    role: 'annotator',
    created_at: null,
    user_detail: { id: 8, email: 'rev@example.com', first_name: '', last_name: '' },
  },
];

describe('ProjectMembersTable', () => {
  it('gives a manager the three project roles and unlisting', () => {
    const changed: string[] = [];
    const unlisted: number[] = [];
    render(
      <ProjectMembersTable
        members={members}
        editable
        busy={false}
        onChangeRole={(member, role) => changed.push(`${member.user}:${role}`)}
        onRemove={(member) => unlisted.push(member.user)}
      />,
    );
    const select = screen.getByLabelText('Project role of rev@example.com') as HTMLSelectElement;

    expect(Array.from(select.options).map((option) => option.value)).toEqual([
      'manager',
      'reviewer',
      'annotator',
    ]);
    fireEvent.change(select, { target: { value: 'reviewer' } });
    fireEvent.click(screen.getByRole('button', { name: 'Unlist rev@example.com' }));
    expect(changed).toEqual(['8:reviewer']);
    expect(unlisted).toEqual([8]);
  });

  it('shows the roles read-only to someone who does not manage the project', () => {
    render(
      <ProjectMembersTable
        members={members}
        editable={false}
        busy={false}
        onChangeRole={() => undefined}
        onRemove={() => undefined}
      />,
    );

    expect(screen.queryByRole('combobox')).toBeNull();
    expect(screen.queryByRole('button')).toBeNull();
    expect(screen.getByText('annotator')).toBeTruthy();
  });
});
