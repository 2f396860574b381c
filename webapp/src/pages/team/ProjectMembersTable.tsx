import { PROJECT_ROLES } from '../../api/team';
import type { ProjectMember, ProjectRole } from '../../api/team';
import { Button } from '../../components/ui';
import { memberName } from './teamRules';

export interface ProjectMembersTableProps {
  members: ProjectMember[];
  editable: boolean;
  busy: boolean;
  onChangeRole: (member: ProjectMember, role: ProjectRole) => void;
  onRemove: (member: ProjectMember) => void;
}

/** The project's listed members with their project roles. */
export function ProjectMembersTable({
  members,
  editable,
  busy,
  onChangeRole,
  onRemove,
}: ProjectMembersTableProps) {
  return (
    <table className="task-table team-table">
      <thead>
        <tr>
          <th>Member</th>
          <th>Email</th>
          <th>Project role</th>
          <th aria-label="Actions" />
        </tr>
      </thead>
      <tbody>
        {members.map((member) => {
          const person = member.user_detail;
          return (
            <tr key={member.id}>
              <td>{memberName(person)}</td>
              <td className="muted">{person.email}</td>
              <td>
                {editable ? (
                  <select
                    aria-label={`Project role of ${person.email}`}
                    value={member.role}
                    disabled={busy}
                    onChange={(event) => onChangeRole(member, event.target.value as ProjectRole)}
                  >
                    {PROJECT_ROLES.map((role) => (
                      <option key={role} value={role}>
                        {role}
                      </option>
                    ))}
                  </select>
                ) : (
                  <span className="pill">{member.role}</span>
                )}
              </td>
              <td className="team-actions">
                {editable && (
                  <Button
                    variant="ghost"
                    type="button"
                    aria-label={`Unlist ${person.email}`}
                    disabled={busy}
                    onClick={() => onRemove(member)}
                  >
                    Unlist
                  </Button>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
