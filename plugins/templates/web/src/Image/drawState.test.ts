import { describe, expect, it } from 'vitest';

import { IDLE, drawReducer, panOffset } from './drawState';
import type { DrawState } from './drawState';

const screen = { x: 110, y: 120 };
const offset = { x: 5, y: 6 };

describe('drawReducer', () => {
  it('draws from press to release with the tool’s draft', () => {
    let state: DrawState = drawReducer(IDLE, {
      type: 'press',
      screen,
      offset,
      pan: false,
      draft: 'a',
    });
    expect(state).toEqual({ mode: 'drawing', draft: 'a', pressed: true });

    state = drawReducer(state, { type: 'move', draft: 'ab' });
    expect(state).toEqual({ mode: 'drawing', draft: 'ab', pressed: true });

    expect(drawReducer(state, { type: 'release', draft: null })).toBe(IDLE);
  });

  it('keeps drawing across a release when the tool keeps a draft (a polygon)', () => {
    let state: DrawState = drawReducer(IDLE, {
      type: 'press',
      screen,
      offset,
      pan: false,
      draft: [1],
    });
    state = drawReducer(state, { type: 'release', draft: [1] });
    expect(state).toEqual({ mode: 'drawing', draft: [1], pressed: false });

    state = drawReducer(state, { type: 'press', screen, offset, pan: false, draft: [1, 2] });
    expect(state).toEqual({ mode: 'drawing', draft: [1, 2], pressed: true });
  });

  it('pans when nothing draws or space is held, and moves the stage by the drag', () => {
    const panning = drawReducer(IDLE, { type: 'press', screen, offset, pan: false, draft: null });
    expect(panning).toEqual({ mode: 'panning', from: screen, startOffset: offset });
    expect(panOffset(panning, { x: 130, y: 100 })).toEqual({ x: 25, y: -14 });
    expect(drawReducer(IDLE, { type: 'press', screen, offset, pan: true, draft: 'x' }).mode).toBe(
      'panning',
    );
    expect(drawReducer(panning, { type: 'release', draft: null })).toBe(IDLE);
  });

  it('ends a drawing the tool finished, forgets one on cancel, and never pans inside one', () => {
    const drawing: DrawState = { mode: 'drawing', draft: [1], pressed: false };

    expect(drawReducer(drawing, { type: 'press', screen, offset, pan: false, draft: null })).toBe(
      IDLE,
    );
    expect(drawReducer(drawing, { type: 'press', screen, offset, pan: true, draft: null })).toBe(
      drawing,
    );
    expect(drawReducer(drawing, { type: 'cancel' })).toBe(IDLE);
    expect(panOffset(drawing, screen)).toBeNull();
  });
});
