import type { ResultItem, TaskView } from '@labelcore/plugin-api';

/** A template's sample task as a task: either `{data: {...}}` or the data itself. */
export function sampleTaskView(sample: Record<string, unknown> | undefined): TaskView {
  if (!sample) return { data: {} };
  const data = sample.data;
  if (data && typeof data === 'object' && !Array.isArray(data)) {
    return { data: data as Record<string, unknown> };
  }
  return { data: sample };
}

/** The results of a sample task's first prediction (or annotation), to show in a preview. */
export function sampleResults(sample: Record<string, unknown> | undefined): ResultItem[] {
  for (const key of ['predictions', 'annotations']) {
    const list = sample?.[key];
    if (!Array.isArray(list) || list.length === 0) continue;
    const result = (list[0] as { result?: unknown }).result;
    if (Array.isArray(result)) return result as ResultItem[];
  }
  return [];
}
