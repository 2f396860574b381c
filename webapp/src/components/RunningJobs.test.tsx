// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';

import type { Job } from '../api/types';
import { JobList, JobProgress, RunningJobs, jobLabel } from './RunningJobs';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

function job(id: number, kind: string, done: number, total: number | null, state = 'running'): Job {
  return {
    id,
    kind,
    state: state as Job['state'],
    progress: { done, total },
    result: null,
    error: null,
  };
}

describe('JobList', () => {
  it('shows a bar per job with its share done, and none when nothing runs', () => {
    const empty = render(<JobList jobs={[]} onCancel={() => undefined} />);
    expect(empty.container.innerHTML).toBe('');
    cleanup();

    render(
      <JobList
        jobs={[job(1, 'import', 250_000, 1_000_000), job(2, 'export', 40, null)]}
        onCancel={() => undefined}
      />,
    );
    const [importing, exporting] = screen.getAllByRole('listitem');

    const importBar = within(importing as HTMLElement).getByRole('progressbar');
    expect(importBar.getAttribute('aria-valuenow')).toBe('25');
    expect(within(importing as HTMLElement).getByText(/250,000 of 1,000,000/)).toBeTruthy();
    const exportBar = within(exporting as HTMLElement).getByRole('progressbar');
    expect(exportBar.getAttribute('aria-valuenow')).toBeNull();
  });

  it('cancels the job whose button was pressed', () => {
    const cancelled: number[] = [];
    render(
      <JobList
        jobs={[job(7, 'import', 1, 2), job(8, 'export_convert', 1, 2)]}
        onCancel={(entry) => cancelled.push(entry.id)}
      />,
    );

    fireEvent.click(screen.getByRole('button', { name: 'Cancel job 8' }));

    expect(cancelled).toEqual([8]);
  });
});

describe('jobLabel', () => {
  it('names the kind, says a queued job waits, and reads an unknown kind', () => {
    expect(jobLabel(job(1, 'export_convert', 3, 10))).toBe('Converting an export: 3 of 10');
    expect(jobLabel(job(2, 'import', 0, null, 'queued'))).toBe(
      'Importing tasks (waiting for a worker)',
    );
    expect(jobLabel(job(3, 'batch_predictions', 5, null))).toBe('Job: batch predictions: 5');
    expect(jobLabel(job(4, 'datamanager.drop_index', 200, 1000))).toBe(
      'Removing a dropped data index: 200 of 1,000',
    );
  });
});

describe('JobProgress', () => {
  it('offers Cancel only while the job can stop, and holds it while a cancel is asked', () => {
    const view = render(
      <JobProgress job={job(3, 'export', 1, 4)} cancelling onCancel={() => undefined} />,
    );
    const button = screen.getByRole('button', { name: 'Cancel job 3' }) as HTMLButtonElement;
    expect(button.disabled).toBe(true);

    view.rerender(
      <JobProgress job={job(3, 'export', 4, 4, 'finished')} onCancel={() => undefined} />,
    );
    expect(screen.queryByRole('button')).toBeNull();
    expect(screen.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('100');
  });
});

describe('RunningJobs', () => {
  it('shows the jobs of the kinds asked for, and tells which left the list', async () => {
    vi.useFakeTimers();
    const answers = [
      [job(11, 'export', 1, 9), job(12, 'import', 5, 10), job(13, 'export_convert', 0, 9)],
      [job(12, 'import', 6, 10), job(13, 'export_convert', 4, 9)],
    ];
    const asked: string[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (path: string) => {
        asked.push(path);
        const active = answers.length > 1 ? answers.shift() : answers[0];
        return new Response(JSON.stringify(active), { status: 200 });
      }),
    );
    const settled: number[][] = [];

    render(
      <RunningJobs
        projectId={4}
        kinds={['export', 'export_convert']}
        hiddenJobId={13}
        onSettled={(ids) => settled.push(ids)}
      />,
    );
    await act(() => vi.advanceTimersByTimeAsync(0));
    expect(screen.getAllByRole('listitem')).toHaveLength(1);
    expect(screen.getByText(/Exporting a snapshot: 1 of 9/)).toBeTruthy();

    await act(() => vi.advanceTimersByTimeAsync(1000));
    expect(screen.queryByRole('listitem')).toBeNull();
    expect(settled).toEqual([[11]]);
    expect(asked[0]).toBe('/api/jobs/?project=4&active=true');
  });
});
