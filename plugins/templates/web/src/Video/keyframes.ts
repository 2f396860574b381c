export interface Keyframe {
  frame: number;
  enabled: boolean;
  time?: number;
  x: number;
  y: number;
  width: number;
  height: number;
  rotation: number;
}

const between = (a: number, b: number, share: number) => a + (b - a) * share;

/**
 * The box of a track at `frame`: a keyframe's own box on its frame, a straight blend of the
 * two keyframes around it in between (unless the earlier one switched the track off), the
 * last box after the last keyframe that left it on, nothing before the first.
 */
export function boxAt(sequence: readonly Keyframe[], frame: number): Keyframe | null {
  const ordered = [...sequence].sort((a, b) => a.frame - b.frame);
  let before: Keyframe | undefined;
  let after: Keyframe | undefined;
  for (const key of ordered) {
    if (key.frame <= frame) before = key;
    else {
      after = key;
      break;
    }
  }
  if (!before) return null;
  if (before.frame === frame) return before;
  if (!after) return before.enabled === false ? null : { ...before, frame };
  if (before.enabled === false) return null;
  const share = (frame - before.frame) / (after.frame - before.frame);
  return {
    frame,
    enabled: true,
    x: between(before.x, after.x, share),
    y: between(before.y, after.y, share),
    width: between(before.width, after.width, share),
    height: between(before.height, after.height, share),
    rotation: between(before.rotation, after.rotation, share),
  };
}

/** The sequence with `key` put in at its frame, replacing a keyframe there. */
export function withKeyframe(sequence: readonly Keyframe[], key: Keyframe): Keyframe[] {
  return [...sequence.filter((each) => each.frame !== key.frame), key].sort(
    (a, b) => a.frame - b.frame,
  );
}
