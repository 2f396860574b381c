import { describe, expect, it } from 'vitest';

import { strandedStates, suggestStateMap } from './stateMap';

const REVIEW = ['unlabeled', 'skipped', 'in_progress', 'in_review', 'accepted'];

describe('switching workflows', () => {
  it('finds the states with tasks that the new workflow lacks', () => {
    const counts = { unlabeled: 4, completed: 2, archived: 7, in_progress: 1, lost: 0 };

    expect(strandedStates(counts, REVIEW)).toEqual([
      { state: 'archived', count: 7 },
      { state: 'completed', count: 2 },
    ]);
  });

  it('suggests a synonym the new workflow has, else its initial state', () => {
    const stranded = [
      { state: 'completed', count: 2 },
      { state: 'archived', count: 7 },
    ];

    expect(suggestStateMap(stranded, REVIEW, 'unlabeled')).toEqual({
      completed: 'accepted',
      archived: 'unlabeled',
    });
    expect(suggestStateMap([{ state: 'in_review', count: 1 }], ['todo', 'done'], 'todo')).toEqual({
      in_review: 'todo',
    });
  });
});
