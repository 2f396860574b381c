// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';

import type { Job } from '../../api/types';
import type { FollowedJob } from '../../components/followJob';
import type { Snapshot } from './exportApi';
import { FollowedSnapshot } from './SnapshotPanel';
import { SnapshotList } from './SnapshotList';

afterEach(cleanup);

function job(state: Job['state'], done: number, total: number | null): Job {
  return { id: 31, kind: 'export', state, progress: { done, total }, result: null, error: null };
}

const DOWNLOAD = { url: '/api/projects/2/exports/5/download?exportType=JSON', title: 'JSON' };

describe('FollowedSnapshot', () => {
  it('shows the running job as a bar with Cancel', () => {
    const cancelled: number[] = [];
    const state: FollowedJob = {
      phase: 'running',
      job: job('running', 4000, 20_000),
      cancelling: false,
      readError: null,
    };
    render(
      <FollowedSnapshot
        state={state}
        download={DOWNLOAD}
        onCancel={(entry) => cancelled.push(entry.id)}
      />,
    );

    expect(screen.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('20');
    expect(screen.getByText(/Exporting a snapshot: 4,000 of 20,000/)).toBeTruthy();
    expect(screen.queryByRole('link')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Cancel job 31' }));
    expect(cancelled).toEqual([31]);
  });

  it('holds the Cancel button while the cancel is under way', () => {
    const state: FollowedJob = {
      phase: 'running',
      job: job('running', 1, 2),
      cancelling: true,
      readError: 'network error',
    };
    render(<FollowedSnapshot state={state} download={DOWNLOAD} onCancel={() => undefined} />);

    const button = screen.getByRole('button', { name: 'Cancel job 31' }) as HTMLButtonElement;
    expect(button.disabled).toBe(true);
    expect(button.textContent).toBe('Cancelling…');
    expect(screen.getByText(/could not be read \(network error\)/)).toBeTruthy();
  });

  it('offers the download once finished, with the counts', () => {
    const finished = {
      ...job('finished', 3, 3),
      result: { export: 5, task_number: 3, annotation_number: 2, prediction_number: 0 },
    };
    render(
      <FollowedSnapshot
        state={{ phase: 'finished', job: finished }}
        download={DOWNLOAD}
        onCancel={() => undefined}
      />,
    );

    expect(screen.getByRole('status').textContent).toBe(
      'The snapshot is ready: 3 tasks, 2 annotations, 0 predictions.',
    );
    const link = screen.getByRole('link', { name: 'Download JSON' });
    expect(link.getAttribute('href')).toBe(DOWNLOAD.url);
    expect(screen.queryByRole('progressbar')).toBeNull();
  });

  it('shows the error of a failed job and says when one was cancelled', () => {
    const view = render(
      <FollowedSnapshot
        state={{ phase: 'failed', job: null, error: 'project 2 has no data-manager view 9' }}
        download={null}
        onCancel={() => undefined}
      />,
    );
    expect(screen.getByRole('alert').textContent).toBe('project 2 has no data-manager view 9');

    view.rerender(
      <FollowedSnapshot
        state={{ phase: 'cancelled', job: job('cancelled', 2000, 30_000) }}
        download={null}
        onCancel={() => undefined}
      />,
    );
    expect(screen.getByRole('status').textContent).toContain('cancelled');
    expect(screen.queryByRole('alert')).toBeNull();
  });
});

function snapshot(id: number, status: Snapshot['status'], extra: Partial<Snapshot> = {}): Snapshot {
  return {
    id,
    title: `Snapshot ${id}`,
    created_by: { id: 1, email: 'admin@example.com', first_name: '', last_name: '' },
    created_at: '2026-12-04T10:30:00.000000Z',
    finished_at: null,
    status,
    md5: null,
    counters: {},
    converted_formats: [],
    error: null,
    job: null,
    download_url: null,
    ...extra,
  };
}

describe('SnapshotList', () => {
  it('lists each snapshot with its state, task count and downloads', () => {
    render(
      <SnapshotList
        projectId={2}
        titleOf={(name) => (name === 'JSON_MIN' ? 'JSON-MIN' : name)}
        snapshots={[
          snapshot(3, 'in_progress'),
          snapshot(2, 'failed', { error: 'Job 7 was cancelled.' }),
          snapshot(1, 'completed', {
            counters: { task_number: 12_500 },
            converted_formats: [
              { id: 1, export_type: 'JSON_MIN', status: 'completed', traceback: null },
              { id: 2, export_type: 'CSV', status: 'failed', traceback: 'disk full' },
            ],
          }),
        ]}
      />,
    );
    const [, running, failed, done] = screen.getAllByRole('row') as HTMLElement[];

    expect(within(running as HTMLElement).getByText('in progress')).toBeTruthy();
    expect(within(running as HTMLElement).queryByRole('link')).toBeNull();
    expect(within(failed as HTMLElement).getByText('Job 7 was cancelled.')).toBeTruthy();
    expect(within(done as HTMLElement).getByText('12,500')).toBeTruthy();
    expect(within(done as HTMLElement).getByText('2026-12-04 10:30 UTC')).toBeTruthy();
    const links = within(done as HTMLElement).getAllByRole('link');
    expect(links.map((link) => link.getAttribute('href'))).toEqual([
      '/api/projects/2/exports/1/download?exportType=JSON',
      '/api/projects/2/exports/1/download?exportType=JSON_MIN',
    ]);
    expect(links[1]?.getAttribute('aria-label')).toBe('Download snapshot 1 as JSON-MIN');
    expect(within(done as HTMLElement).getByText('CSV could not be made: disk full')).toBeTruthy();
  });

  it('says there are none yet', () => {
    render(<SnapshotList projectId={2} snapshots={[]} />);

    expect(screen.getByText('No snapshots yet')).toBeTruthy();
  });
});
