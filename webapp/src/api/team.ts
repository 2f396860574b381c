// Organizations, their members and invite links, project members and access, and the
// caller's API tokens: the shapes the server answers and one function per call.

import { apiDelete, apiGet, apiPatch, apiPost } from './client';
import type { User } from './types';

export const ORGANIZATION_ROLES = [
  'owner',
  'administrator',
  'manager',
  'reviewer',
  'annotator',
] as const;
export type OrganizationRole = (typeof ORGANIZATION_ROLES)[number];

export const PROJECT_ROLES = ['manager', 'reviewer', 'annotator'] as const;
export type ProjectRole = (typeof PROJECT_ROLES)[number];

export interface Member extends User {
  initials?: string;
  is_superuser?: boolean;
  active_organization?: number | null;
}

export interface Organization {
  id: number;
  title: string;
  created_at: string | null;
  role: OrganizationRole | null;
  active: boolean;
}

export interface Membership {
  id: number;
  organization: number;
  user: Member;
  role: OrganizationRole;
  created_at: string | null;
}

export interface MembershipPage {
  count: number;
  next: number | null;
  previous: number | null;
  results: Membership[];
}

export interface Invite {
  id: number;
  organization: number;
  role: OrganizationRole;
  email: string | null;
  created_at: string | null;
  expires_at: string | null;
  revoked: boolean;
  accepted_count: number;
  /** Only in the answer that made the invite: the server keeps digests alone. */
  token?: string;
  invite_url?: string;
}

export interface NewInvite {
  role: OrganizationRole;
  email?: string;
  expires_in_days?: number;
}

export interface ProjectMember {
  id: number;
  project: number;
  user: number;
  user_detail: Member;
  role: ProjectRole;
  created_at: string | null;
}

export interface ProjectAccess {
  project: number;
  restricted: boolean;
  annotators_see_others: boolean;
  your_role: ProjectRole | null;
}

export const TOKEN_KINDS = ['personal', 'legacy'] as const;
export type TokenKind = (typeof TOKEN_KINDS)[number];

export interface ApiToken {
  id: number;
  kind: TokenKind;
  name: string;
  hint: string;
  created_at: string | null;
  expires_at: string | null;
  last_used_at: string | null;
  /** Only in the answer that made the token. */
  token?: string;
}

export interface NewToken {
  kind: TokenKind;
  name: string;
  expires_in_days?: number;
}

export interface SignedIn {
  user: User;
  next: string;
}

// -- organizations and their members ---------------------------------------------------

export const listOrganizations = () => apiGet<Organization[]>('/api/organizations/');

export const switchOrganization = (organizationId: number) =>
  apiPost<Organization>(`/api/organizations/${organizationId}/switch`);

export const listMemberships = (organizationId: number, page = 1, pageSize = 100) =>
  apiGet<MembershipPage>(
    `/api/organizations/${organizationId}/memberships?page=${page}&page_size=${pageSize}`,
  );

export const changeMemberRole = (organizationId: number, userId: number, role: OrganizationRole) =>
  apiPatch<Membership>(`/api/organizations/${organizationId}/memberships/${userId}/`, { role });

export const removeMember = (organizationId: number, userId: number) =>
  apiDelete<null>(`/api/organizations/${organizationId}/memberships/${userId}/`);

export const listInvites = (organizationId: number) =>
  apiGet<Invite[]>(`/api/organizations/${organizationId}/invites`);

export const createInvite = (organizationId: number, invite: NewInvite) =>
  apiPost<Invite>(`/api/organizations/${organizationId}/invites`, invite);

/** Revokes an invite of the caller's active organization. */
export const revokeInvite = (inviteId: number) =>
  apiPost<Invite>('/api/invite/revoke', { id: inviteId });

export const acceptInvite = (token: string) => apiPost<Membership>('/api/invite/accept', { token });

/** Where an invite link leads; needs no account, the token is the secret. */
export interface InvitePreview {
  organization: { id: number; title: string };
  role: string;
  email: string | null;
  expires_at: string | null;
}

export const previewInvite = (token: string) =>
  apiGet<InvitePreview>(`/api/invite/info?token=${encodeURIComponent(token)}`);

export const signUp = (email: string, password: string, invite: string) =>
  apiPost<SignedIn>('/api/auth/signup', { email, password, invite });

export const listOrganizationUsers = () => apiGet<Member[]>('/api/users/');

// -- project members and access ----------------------------------------------------------

export const listProjectMembers = (projectId: number) =>
  apiGet<ProjectMember[]>(`/api/projects/${projectId}/members/`);

/** Lists the user in the project, or changes the role of one who is listed. */
export const addProjectMember = (projectId: number, userId: number, role: ProjectRole) =>
  apiPost<ProjectMember>(`/api/projects/${projectId}/members/`, { user: userId, role });

export const changeProjectRole = (projectId: number, userId: number, role: ProjectRole) =>
  apiPatch<ProjectMember>(`/api/projects/${projectId}/members/${userId}/`, { role });

export const removeProjectMember = (projectId: number, userId: number) =>
  apiDelete<null>(`/api/projects/${projectId}/members/${userId}/`);

export const readProjectAccess = (projectId: number) =>
  apiGet<ProjectAccess>(`/api/projects/${projectId}/access/`);

export const updateProjectAccess = (
  projectId: number,
  change: Partial<Pick<ProjectAccess, 'restricted' | 'annotators_see_others'>>,
) => apiPatch<ProjectAccess>(`/api/projects/${projectId}/access/`, change);

// -- the caller's tokens ---------------------------------------------------------------

export const listTokens = () => apiGet<ApiToken[]>('/api/tokens/');

export const createToken = (token: NewToken) => apiPost<ApiToken>('/api/tokens/', token);

export const revokeToken = (tokenId: number) => apiDelete<null>(`/api/tokens/${tokenId}/`);
