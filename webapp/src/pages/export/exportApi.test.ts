import { describe, expect, it } from 'vitest';

import type { ExportFormat, Snapshot } from './exportApi';
import {
  DEFAULT_CHOICES,
  directDownloadUrl,
  disabledReason,
  snapshotBody,
  snapshotDownloadUrl,
  snapshotDownloads,
} from './exportApi';

describe('snapshotBody', () => {
  it('keeps every task, skip and prediction by default, written as JSON', () => {
    expect(snapshotBody(DEFAULT_CHOICES)).toEqual({
      task_filter_options: { only_with_annotations: false },
      annotation_filter_options: { usual: true, ground_truth: true, skipped: true },
      serialization_options: { predictions: { only_id: false } },
    });
  });

  it('puts each choice where the server reads it', () => {
    const body = snapshotBody({
      format: 'COCO',
      title: '  Before review  ',
      onlyAnnotated: true,
      includeSkipped: false,
      includePredictions: false,
      viewId: 12,
    });

    expect(body).toEqual({
      title: 'Before review',
      export_type: 'COCO',
      task_filter_options: { only_with_annotations: true, view: 12 },
      annotation_filter_options: { usual: true, ground_truth: true, skipped: false },
      serialization_options: { predictions: false },
    });
  });
});

describe('download addresses', () => {
  it('name the format and whether every task goes in', () => {
    expect(directDownloadUrl(4, 'JSON', false)).toBe(
      '/api/projects/4/export?exportType=JSON&download_all_tasks=false',
    );
    expect(directDownloadUrl(4, 'JSON_MIN', true)).toBe(
      '/api/projects/4/export?exportType=JSON_MIN&download_all_tasks=true',
    );
    expect(snapshotDownloadUrl(4, 9, 'CSV')).toBe(
      '/api/projects/4/exports/9/download?exportType=CSV',
    );
  });
});

describe('disabledReason', () => {
  const format = (tags: string[], disabled: boolean): ExportFormat => ({
    name: 'COCO',
    title: 'COCO',
    description: '',
    tags,
    disabled,
  });

  it('says what a greyed-out format is made for, and nothing for one that fits', () => {
    expect(disabledReason(format(['image segmentation', 'object detection'], true))).toBe(
      "COCO cannot express this project's labeling config; it is made for image " +
        'segmentation, object detection.',
    );
    expect(disabledReason(format(['common'], true))).toBe(
      "COCO cannot express this project's labeling config.",
    );
    expect(disabledReason(format(['object detection'], false))).toBeNull();
  });
});

describe('snapshotDownloads', () => {
  const snapshot = (status: Snapshot['status']): Snapshot => ({
    id: 1,
    title: '',
    created_by: null,
    created_at: '2026-12-04T10:00:00Z',
    finished_at: null,
    status,
    md5: null,
    counters: {},
    converted_formats: [
      { id: 1, export_type: 'CSV', status: 'completed', traceback: null },
      { id: 2, export_type: 'COCO', status: 'in_progress', traceback: null },
    ],
    error: null,
    job: null,
    download_url: null,
  });

  it('offers JSON and each finished conversion of a completed snapshot', () => {
    expect(snapshotDownloads(snapshot('completed'))).toEqual(['JSON', 'CSV']);
    expect(snapshotDownloads(snapshot('in_progress'))).toEqual([]);
  });
});
