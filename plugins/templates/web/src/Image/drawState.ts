import type { Point, RegionDraft } from '@labelcore/plugin-api';

// The pointer states of drawing on an image, as a reducer so the transitions can be tested
// without a canvas. Panning and drawing never overlap: a drag is one or the other from its
// first event.

export type DrawState =
  | { mode: 'idle' }
  | { mode: 'drawing'; draft: RegionDraft }
  | { mode: 'panning'; from: Point; startOffset: Point };

export type DrawEvent =
  | { type: 'press'; point: Point; screen: Point; offset: Point; canDraw: boolean; pan: boolean }
  | { type: 'move'; point: Point; screen: Point }
  | { type: 'release' }
  | { type: 'cancel' };

export const IDLE: DrawState = { mode: 'idle' };

export function drawReducer(state: DrawState, event: DrawEvent): DrawState {
  switch (event.type) {
    case 'press':
      if (state.mode !== 'idle') return state;
      if (event.pan || !event.canDraw) {
        return { mode: 'panning', from: event.screen, startOffset: event.offset };
      }
      return { mode: 'drawing', draft: { start: event.point, current: event.point } };
    case 'move':
      if (state.mode === 'drawing') {
        return { mode: 'drawing', draft: { ...state.draft, current: event.point } };
      }
      return state;
    case 'release':
    case 'cancel':
      return IDLE;
  }
}

/** The stage offset while panning: where the drag started plus how far the pointer went. */
export function panOffset(state: DrawState, screen: Point): Point | null {
  if (state.mode !== 'panning') return null;
  return {
    x: state.startOffset.x + (screen.x - state.from.x),
    y: state.startOffset.y + (screen.y - state.from.y),
  };
}
