import { describe, expect, it } from 'vitest';

import { IDLE, drawReducer, panOffset } from './drawState';
import type { DrawState } from './drawState';

const press = (options: { canDraw: boolean; pan: boolean }) =>
  ({
    type: 'press',
    point: { x: 10, y: 20 },
    screen: { x: 110, y: 120 },
    offset: { x: 5, y: 6 },
    ...options,
  }) as const;

describe('drawReducer', () => {
  it('draws from press to release when a label is picked', () => {
    let state: DrawState = drawReducer(IDLE, press({ canDraw: true, pan: false }));
    expect(state).toEqual({
      mode: 'drawing',
      draft: { start: { x: 10, y: 20 }, current: { x: 10, y: 20 } },
    });

    state = drawReducer(state, { type: 'move', point: { x: 60, y: 80 }, screen: { x: 0, y: 0 } });
    expect(state).toEqual({
      mode: 'drawing',
      draft: { start: { x: 10, y: 20 }, current: { x: 60, y: 80 } },
    });

    expect(drawReducer(state, { type: 'release' })).toBe(IDLE);
  });

  it('pans instead when no label is picked or space is held', () => {
    expect(drawReducer(IDLE, press({ canDraw: false, pan: false })).mode).toBe('panning');
    expect(drawReducer(IDLE, press({ canDraw: true, pan: true })).mode).toBe('panning');
  });

  it('moves the stage by how far the pointer went while panning', () => {
    const panning = drawReducer(IDLE, press({ canDraw: false, pan: false }));

    expect(panOffset(panning, { x: 150, y: 100 })).toEqual({ x: 45, y: -14 });
    expect(panOffset(IDLE, { x: 150, y: 100 })).toBeNull();
  });

  it('ignores a second press during a drag and moves while idle', () => {
    const drawing = drawReducer(IDLE, press({ canDraw: true, pan: false }));

    expect(drawReducer(drawing, press({ canDraw: false, pan: true }))).toBe(drawing);
    expect(drawReducer(IDLE, { type: 'move', point: { x: 1, y: 1 }, screen: { x: 1, y: 1 } })).toBe(
      IDLE,
    );
  });

  it('drops a drag that is cancelled', () => {
    const drawing = drawReducer(IDLE, press({ canDraw: true, pan: false }));

    expect(drawReducer(drawing, { type: 'cancel' })).toBe(IDLE);
  });
});
