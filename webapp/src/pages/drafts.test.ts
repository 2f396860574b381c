import { describe, expect, it } from 'vitest';

import { pickDraft } from './drafts';
import type { ServerDraft } from './drafts';

const box = (id: string) => ({
  id,
  from_name: 'box',
  to_name: 'photo',
  type: 'rectanglelabels',
  value: { x: 1, y: 2, width: 3, height: 4, rectanglelabels: ['Dog'] },
});

function serverDraft(id: number, at: string, annotation: number | null = null): ServerDraft {
  return {
    id,
    result: [box(`s${id}`)],
    annotation,
    parent_prediction: 7,
    lead_time: 1,
    updated_at: at,
  };
}

describe('pickDraft', () => {
  it('takes the newest server draft of a new answer', () => {
    const picked = pickDraft(
      [serverDraft(1, '2026-12-04T10:00:00Z'), serverDraft(2, '2026-12-04T11:00:00Z')],
      null,
    );
    expect(picked?.serverId).toBe(2);
    expect(picked?.parentPrediction).toBe(7);
    expect(picked?.savedAt).toBe(Date.parse('2026-12-04T11:00:00Z'));
  });

  it('ignores drafts of changes to an annotation already submitted', () => {
    expect(pickDraft([serverDraft(3, '2026-12-04T10:00:00Z', 11)], null)).toBeNull();
  });

  it('prefers a newer browser copy, and keeps the server draft to change', () => {
    const local = {
      result: [box('local')],
      parentPrediction: null,
      savedAt: Date.parse('2026-12-04T12:00:00Z'),
    };
    const picked = pickDraft([serverDraft(4, '2026-12-04T11:00:00Z')], local);
    expect(picked?.result).toEqual(local.result);
    expect(picked?.serverId).toBe(4);
  });

  it('takes the server draft over an older browser copy', () => {
    const local = { result: [], parentPrediction: null, savedAt: 0 };
    expect(pickDraft([serverDraft(5, '2026-12-04T11:00:00Z')], local)?.serverId).toBe(5);
    expect(pickDraft(undefined, local)).toBe(local);
  });
});
