import type { Point } from '@labelcore/plugin-api';

// The pointer states of an image, as a reducer so the transitions can be tested without a
// canvas. A drag either pans or draws from its first event; what a drawing holds is the
// region tool's own draft, which may outlive a release (a polygon takes many clicks).

export type DrawState =
  | { mode: 'idle' }
  | { mode: 'drawing'; draft: unknown; pressed: boolean }
  | { mode: 'panning'; from: Point; startOffset: Point };

export type DrawEvent =
  /** `draft` is what the active tool made of the press, `null` when nothing draws. */
  | { type: 'press'; screen: Point; offset: Point; pan: boolean; draft: unknown }
  | { type: 'move'; draft: unknown }
  | { type: 'release'; draft: unknown }
  | { type: 'cancel' };

export const IDLE: DrawState = { mode: 'idle' };

export function drawReducer(state: DrawState, event: DrawEvent): DrawState {
  switch (event.type) {
    case 'press':
      if (state.mode === 'panning') return state;
      if (!event.pan && event.draft !== null) {
        return { mode: 'drawing', draft: event.draft, pressed: true };
      }
      // A press the tool answers with no draft ends the drawing (a polygon closed).
      if (state.mode === 'drawing') return event.pan ? state : IDLE;
      return { mode: 'panning', from: event.screen, startOffset: event.offset };
    case 'move':
      if (state.mode !== 'drawing') return state;
      return event.draft === null ? IDLE : { ...state, draft: event.draft };
    case 'release':
      if (state.mode !== 'drawing') return IDLE;
      return event.draft === null ? IDLE : { mode: 'drawing', draft: event.draft, pressed: false };
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
