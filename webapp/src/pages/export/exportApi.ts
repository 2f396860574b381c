// A project's export formats and snapshots, in the shapes the server answers (Label
// Studio's names), and the requests and download addresses the Export page uses.

import { apiGet, apiPost } from '../../api/client';
import type { Job } from '../../api/types';

export interface ExportFormat {
  name: string;
  title: string;
  description: string;
  tags: string[];
  /** True when the format cannot express the project's labeling config. */
  disabled: boolean;
}

export interface ConvertedFormat {
  id: number;
  export_type: string;
  status: 'in_progress' | 'completed' | 'failed' | null;
  traceback: string | null;
}

export interface Snapshot {
  id: number;
  title: string;
  created_by: { id: number; email: string; first_name: string; last_name: string } | null;
  created_at: string;
  finished_at: string | null;
  status: 'created' | 'in_progress' | 'completed' | 'failed';
  md5: string | null;
  counters: { task_number?: number; annotation_number?: number; prediction_number?: number };
  converted_formats: ConvertedFormat[];
  error: string | null;
  job: Job | null;
  download_url: string | null;
}

/** What a person chooses for a snapshot, before it becomes the request's body. */
export interface SnapshotChoices {
  format: string;
  title: string;
  onlyAnnotated: boolean;
  includeSkipped: boolean;
  includePredictions: boolean;
  /** A saved data-manager tab whose filters choose the tasks, or null for every task. */
  viewId: number | null;
}

export const DEFAULT_CHOICES: SnapshotChoices = {
  format: 'JSON',
  title: '',
  onlyAnnotated: false,
  includeSkipped: true,
  includePredictions: true,
  viewId: null,
};

/** The body of `POST /api/projects/<id>/exports/` for these choices. */
export function snapshotBody(choices: SnapshotChoices): Record<string, unknown> {
  const taskFilter: Record<string, unknown> = { only_with_annotations: choices.onlyAnnotated };
  if (choices.viewId !== null) taskFilter.view = choices.viewId;
  const body: Record<string, unknown> = {
    task_filter_options: taskFilter,
    annotation_filter_options: { usual: true, ground_truth: true, skipped: choices.includeSkipped },
    serialization_options: { predictions: choices.includePredictions ? { only_id: false } : false },
  };
  if (choices.title.trim()) body.title = choices.title.trim();
  // A snapshot is written as JSON; another format is converted from it as soon as it is done.
  if (choices.format !== 'JSON') body.export_type = choices.format;
  return body;
}

export function listFormats(projectId: number): Promise<ExportFormat[]> {
  return apiGet<ExportFormat[]>(`/api/projects/${projectId}/export/formats`);
}

export function listSnapshots(projectId: number): Promise<Snapshot[]> {
  return apiGet<Snapshot[]>(`/api/projects/${projectId}/exports/`);
}

export function createSnapshot(projectId: number, choices: SnapshotChoices): Promise<Snapshot> {
  return apiPost<Snapshot>(`/api/projects/${projectId}/exports/`, snapshotBody(choices));
}

/** The streamed export: it starts at once and is no job. */
export function directDownloadUrl(projectId: number, format: string, allTasks: boolean): string {
  const query = new URLSearchParams({ exportType: format, download_all_tasks: String(allTasks) });
  return `/api/projects/${projectId}/export?${query}`;
}

export function snapshotDownloadUrl(projectId: number, snapshotId: number, format: string): string {
  const query = new URLSearchParams({ exportType: format });
  return `/api/projects/${projectId}/exports/${snapshotId}/download?${query}`;
}

/**
 * Why a format is greyed out. The server says only that the format cannot express the
 * config; its tags say what kind of labeling it is made for.
 */
export function disabledReason(format: ExportFormat): string | null {
  if (!format.disabled) return null;
  const made = format.tags.filter((tag) => tag !== 'common');
  const reason = `${format.title} cannot express this project's labeling config`;
  return made.length ? `${reason}; it is made for ${made.join(', ')}.` : `${reason}.`;
}

/** The formats a completed snapshot can be downloaded in without converting it again. */
export function snapshotDownloads(snapshot: Snapshot): string[] {
  if (snapshot.status !== 'completed') return [];
  const converted = snapshot.converted_formats
    .filter((entry) => entry.status === 'completed' && entry.export_type !== 'JSON')
    .map((entry) => entry.export_type);
  return ['JSON', ...converted];
}
