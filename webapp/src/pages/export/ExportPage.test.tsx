// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import type { Job } from '../../api/types';
import { ExportPage } from './ExportPage';
import type { ExportFormat, Snapshot } from './exportApi';

const FORMATS: ExportFormat[] = [
  { name: 'JSON', title: 'JSON', description: 'Tasks as JSON.', tags: ['common'], disabled: false },
  { name: 'CSV', title: 'CSV', description: 'A row each.', tags: ['tabular'], disabled: false },
  {
    name: 'COCO',
    title: 'COCO',
    description: 'Boxes.',
    tags: ['object detection'],
    disabled: true,
  },
];

function job(state: Job['state'], done: number, total: number | null): Job {
  const result = state === 'finished' ? { task_number: total, annotation_number: 0 } : null;
  return { id: 31, kind: 'export', state, progress: { done, total }, result, error: null };
}

function snapshot(status: Snapshot['status'], counters: Snapshot['counters'] = {}): Snapshot {
  return {
    id: 8,
    title: 'Before review',
    created_by: null,
    created_at: '2026-12-04T10:30:00Z',
    finished_at: null,
    status,
    md5: null,
    counters,
    converted_formats: [],
    error: null,
    job: job('queued', 0, null),
    download_url: null,
  };
}

/** A server that answers the page's requests; `jobs` is what each read of job 31 says. */
function serve(jobs: Job[]) {
  const posted: { path: string; body: unknown }[] = [];
  let snapshots: Snapshot[] = [];
  const answer = (body: unknown, status = 200) =>
    new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

  vi.stubGlobal(
    'fetch',
    vi.fn(async (path: string, init: RequestInit = {}) => {
      if (init.method === 'POST') {
        posted.push({ path, body: init.body ? JSON.parse(String(init.body)) : null });
        if (path === '/api/projects/2/exports/') {
          snapshots = [snapshot('in_progress')];
          return answer(snapshot('in_progress'), 201);
        }
        return answer(job('running', 1, 2));
      }
      if (path === '/api/projects/2/') return answer({ id: 2, title: 'Reviews', task_number: 4 });
      if (path === '/api/projects/2/export/formats') return answer(FORMATS);
      if (path === '/api/dm/views/?project=2') return answer([{ id: 5, data: { title: 'Done' } }]);
      if (path === '/api/projects/2/exports/') return answer(snapshots);
      if (path.startsWith('/api/jobs/?')) return answer([]);
      if (path === '/api/jobs/31/') {
        const read = jobs.length > 1 ? jobs.shift() : jobs[0];
        if (read?.state === 'finished') snapshots = [snapshot('completed', { task_number: 4 })];
        return answer(read);
      }
      return answer({ detail: `no ${path}` }, 404);
    }),
  );
  return posted;
}

beforeEach(() => {
  window.history.replaceState(null, '', '/projects/2/export');
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('ExportPage', () => {
  it('lists the formats, starts a snapshot with its filters and follows it to the download', async () => {
    const posted = serve([job('running', 0, 4), job('running', 2, 4), job('finished', 4, 4)]);
    render(<ExportPage projectId={2} />);

    const json = (await screen.findByRole('radio', { name: 'JSON' })) as HTMLInputElement;
    expect(json.checked).toBe(true);
    expect((screen.getByRole('radio', { name: 'COCO' }) as HTMLInputElement).disabled).toBe(true);
    expect(await screen.findByText('No snapshots yet')).toBeTruthy();
    const panel = screen.getByRole('region', { name: 'Snapshot' });
    fireEvent.change(within(panel).getByLabelText('Tasks of a data-manager tab'), {
      target: { value: '5' },
    });
    fireEvent.click(within(panel).getByLabelText('Include predictions'));
    fireEvent.click(within(panel).getByRole('button', { name: 'Create snapshot' }));

    await within(panel).findByRole('progressbar');
    expect(within(panel).getByText(/Exporting a snapshot/)).toBeTruthy();
    const download = await within(panel).findByRole(
      'link',
      { name: 'Download JSON' },
      { timeout: 4000 },
    );
    expect(download.getAttribute('href')).toBe(
      '/api/projects/2/exports/8/download?exportType=JSON',
    );
    expect(within(panel).queryByRole('progressbar')).toBeNull();
    expect(within(panel).getByRole('status').textContent).toContain('4 tasks');
    expect(posted).toEqual([
      {
        path: '/api/projects/2/exports/',
        body: {
          task_filter_options: { only_with_annotations: false, view: 5 },
          annotation_filter_options: { usual: true, ground_truth: true, skipped: true },
          serialization_options: { predictions: false },
        },
      },
    ]);
    const table = await screen.findByRole('table', { name: 'Snapshots' });
    expect(await within(table).findByText('completed')).toBeTruthy();
  });

  it('cancels the running snapshot and says so when the job stopped', async () => {
    const reads = [job('running', 1, 4)];
    const posted = serve(reads);
    render(<ExportPage projectId={2} />);
    fireEvent.click(await screen.findByRole('radio', { name: 'CSV' }));
    const panel = screen.getByRole('region', { name: 'Snapshot' });
    fireEvent.click(within(panel).getByRole('button', { name: 'Create snapshot' }));

    const cancel = await within(panel).findByRole('button', { name: 'Cancel job 31' });
    reads.splice(0, reads.length, job('cancelled', 1, 4));
    fireEvent.click(cancel);

    expect(await within(panel).findByText(/cancelled before it was finished/)).toBeTruthy();
    expect(posted.map((entry) => entry.path)).toEqual([
      '/api/projects/2/exports/',
      '/api/jobs/31/cancel',
    ]);
    expect((posted[0]?.body as Record<string, unknown>).export_type).toBe('CSV');
  });
});
