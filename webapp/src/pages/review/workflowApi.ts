// The workflow API's answers, as the review and workflow pages read them.

import { apiGet, apiPost, api } from '../../api/client';
import type { StreamTask } from '../../api/types';
import type { TaskEvent } from '../../components/history/history';

export interface WorkflowState {
  name: string;
  title: string;
  initial: boolean;
  final: boolean;
  review: boolean;
}

export interface WorkflowTransition {
  event: string;
  source: string;
  target: string;
  guard: string | null;
  roles: string[];
  effects: string[];
}

export interface Workflow {
  name: string;
  title: string;
  description: string;
  declared: boolean;
  initial_state: string;
  review_states: string[];
  states: WorkflowState[];
  transitions: WorkflowTransition[];
}

export interface StateCount extends WorkflowState {
  count: number;
}

export interface StateCounts {
  workflow: string;
  title: string;
  total: number;
  states: StateCount[];
  unknown_states: Record<string, number>;
}

export interface ProjectWorkflow {
  project: number;
  workflow: Workflow;
  counts: StateCounts;
  moved?: Record<string, number>;
}

export interface Catalog {
  workflows: Workflow[];
  guards: { name: string; description: string }[];
  effects: { name: string; description: string }[];
  roles: string[];
}

export interface TaskState {
  id: number;
  inner_id: number;
  state: string;
  version: number;
  is_labeled: boolean;
  total_annotations: number;
  cancelled_annotations: number;
}

export interface PermittedEvent {
  event: string;
  permitted: boolean;
  target?: string;
  reason?: string;
}

export interface Transitions {
  task: TaskState;
  workflow: string;
  role: string | null;
  events: PermittedEvent[];
}

export interface ReviewTask extends StreamTask {
  inner_id: number;
  state: string;
  version: number;
  events: PermittedEvent[];
  history: TaskEvent[];
  remaining: number;
}

export interface TransitionAnswer {
  task: TaskState;
  changed: boolean;
  event: TaskEvent | null;
}

export interface SwitchRequest {
  workflow?: string;
  definition?: unknown;
  format?: 'json' | 'yaml';
  state_map?: Record<string, string>;
}

export const readProjectWorkflow = (projectId: number) =>
  apiGet<ProjectWorkflow>(`/api/projects/${projectId}/workflow/`);

export const readCatalog = () => apiGet<Catalog>('/api/workflows/');

export const switchWorkflow = (projectId: number, body: SwitchRequest) =>
  api<ProjectWorkflow>('PUT', `/api/projects/${projectId}/workflow/`, body);

export const validateWorkflow = (projectId: number, body: SwitchRequest) =>
  apiPost<{ valid: boolean; workflow: Workflow }>(
    `/api/projects/${projectId}/workflow/validate/`,
    body,
  );

export const readTransitions = (taskId: number) =>
  apiGet<Transitions>(`/api/tasks/${taskId}/transitions/`);

export const sendTransition = (
  taskId: number,
  body: { event: string; comment?: string; version?: number },
) => apiPost<TransitionAnswer>(`/api/tasks/${taskId}/transitions/`, body);

export const nextForReview = (projectId: number, exclude: number[]) => {
  const query = exclude.length ? `?exclude=${exclude.join(',')}` : '';
  return apiGet<ReviewTask>(`/api/projects/${projectId}/review/next/${query}`);
};

export const tasksInState = (projectId: number, state: string, page: number, size: number) =>
  apiGet<{ state: string; count: number; tasks: TaskState[] }>(
    `/api/projects/${projectId}/states/${encodeURIComponent(state)}/tasks/?page=${page}&page_size=${size}`,
  );
