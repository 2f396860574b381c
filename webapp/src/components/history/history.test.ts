import { describe, expect, it } from 'vitest';

import { actorLabel, stateLabel, whenLabel } from './history';
import type { TaskEvent } from './history';

const event: TaskEvent = {
  id: 1,
  task: 3,
  event: 'reject',
  from_state: 'in_review',
  to_state: 'in_progress',
  comment: 'Box too loose',
  actor: { id: 2, email: 'reviewer@example.com', initials: 'RE' },
  created_at: '2026-12-04T16:55:22.646237Z',
};

describe('history lines', () => {
  it('reads state names with spaces', () => {
    expect(stateLabel('in_review')).toBe('in review');
    expect(stateLabel('')).toBe('none');
    expect(stateLabel(null)).toBe('none');
  });

  it('names the actor, or the server for system events', () => {
    expect(actorLabel(event)).toBe('reviewer@example.com');
    expect(actorLabel({ ...event, actor: null })).toBe('the server');
  });

  it('shows a date it can read and keeps one it cannot', () => {
    expect(whenLabel(event.created_at, 'en-GB')).toMatch(/2026/);
    expect(whenLabel('yesterday')).toBe('yesterday');
  });
});
