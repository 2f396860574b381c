// Which of a project's task states a new workflow lacks, and where to send them.

export interface Stranded {
  state: string;
  count: number;
}

/** States that hold tasks and that `newStates` does not have, biggest first. */
export function strandedStates(
  counts: Record<string, number>,
  newStates: readonly string[],
): Stranded[] {
  return Object.entries(counts)
    .filter(([state, count]) => count > 0 && !newStates.includes(state))
    .map(([state, count]) => ({ state, count }))
    .sort((a, b) => b.count - a.count || a.state.localeCompare(b.state));
}

// Words a state name shares with another hint at the same meaning: `completed` and
// `accepted` both end a task, `in_progress` and `in_review` are both underway.
const SYNONYMS: Record<string, string[]> = {
  completed: ['accepted', 'done', 'finished', 'in_review'],
  accepted: ['completed', 'done', 'finished'],
  in_review: ['completed', 'in_progress'],
  in_progress: ['in_review', 'started'],
  skipped: ['unlabeled'],
};

/** A first guess for each stranded state: a synonym the new workflow has, else its
 * initial state. People confirm or change it before the switch. */
export function suggestStateMap(
  stranded: readonly Stranded[],
  newStates: readonly string[],
  initial: string,
): Record<string, string> {
  const map: Record<string, string> = {};
  for (const { state } of stranded) {
    const synonym = (SYNONYMS[state] ?? []).find((candidate) => newStates.includes(candidate));
    map[state] = synonym ?? initial;
  }
  return map;
}
