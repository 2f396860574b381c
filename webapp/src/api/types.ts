// The shapes of the server's answers the web UI reads (Label Studio's names).

export interface User {
  id: number;
  email: string;
  first_name?: string;
  last_name?: string;
  username?: string;
  hypertext_unsafe?: boolean;
}

export interface Template {
  name: string;
  title: string;
  group: string;
  description: string;
  config: string;
  sample_task: Record<string, unknown>;
}

export interface Project {
  id: number;
  title: string;
  description: string;
  label_config: string;
  maximum_annotations?: number;
  show_skip_button?: boolean;
  show_collab_predictions?: boolean;
  model_version?: string;
  sampling?: string;
  overlap_cohort_percentage?: number;
  skip_queue?: string;
  settings?: Record<string, unknown>;
  task_number?: number;
  num_tasks_with_annotations?: number;
  total_annotations_number?: number;
  created_at?: string;
}

export interface Page<T> {
  count: number;
  next: string | null;
  previous: string | null;
  results: T[];
}

export interface TaskRow {
  id: number;
  inner_id?: number;
  data: Record<string, unknown>;
  state?: string;
  total_annotations: number;
  cancelled_annotations: number;
  total_predictions: number;
  created_at?: string;
  updated_at?: string;
}

export interface TaskPage {
  tasks: TaskRow[];
  total: number;
  total_annotations: number;
  total_predictions: number;
}

export interface StreamTask {
  id: number;
  data: Record<string, unknown>;
  annotations?: unknown[];
  predictions?: unknown[];
}

export interface Job {
  id: number;
  kind: string;
  state: 'queued' | 'running' | 'finished' | 'failed' | 'cancelled';
  progress: { done: number; total: number | null };
  result: Record<string, unknown> | null;
  error: string | null;
}

export interface ImportSummary {
  task_count?: number;
  annotation_count?: number;
  prediction_count?: number;
  errors?: unknown[];
  import?: number;
  job?: Job;
}
