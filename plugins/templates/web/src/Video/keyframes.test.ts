import { describe, expect, it } from 'vitest';

import { boxAt, withKeyframe } from './keyframes';

const key = (frame: number, x: number, enabled = true) => ({
  frame,
  enabled,
  x,
  y: 10,
  width: 20,
  height: 20,
  rotation: 0,
});

describe('video tracks', () => {
  it('blends the box between two keyframes and holds it after the last', () => {
    const track = [key(1, 0), key(11, 50)];

    expect(boxAt(track, 0)).toBeNull();
    expect(boxAt(track, 6)?.x).toBe(25);
    expect(boxAt(track, 11)?.x).toBe(50);
    expect(boxAt(track, 30)?.x).toBe(50);
  });

  it('hides the box after a keyframe that switched the track off', () => {
    expect(boxAt([key(1, 0), key(5, 10, false), key(9, 40)], 7)).toBeNull();
    expect(boxAt([key(1, 0), key(5, 10, false)], 8)).toBeNull();
  });

  it('puts a keyframe in order, replacing one on the same frame', () => {
    const track = withKeyframe(withKeyframe([key(1, 0), key(9, 40)], key(5, 20)), key(9, 45));

    expect(track.map((each) => [each.frame, each.x])).toEqual([
      [1, 0],
      [5, 20],
      [9, 45],
    ]);
  });
});
