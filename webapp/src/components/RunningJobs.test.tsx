// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';

import type { Job } from '../api/types';
import { JobList, jobLabel } from './RunningJobs';

afterEach(cleanup);

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
  });
});
