import type { Point, Size } from '@labelcore/plugin-api';

/** Rounded to 1e-6 percent: well below a pixel, and no float noise in stored results. */
export const tidy = (value: number) => Math.round(value * 1e6) / 1e6;

const clamp = (value: number, low: number, high: number) => Math.min(high, Math.max(low, value));

/** A point kept on the image. */
export function onImage(point: Point, size: Size): Point {
  return { x: clamp(point.x, 0, size.width), y: clamp(point.y, 0, size.height) };
}

/** Natural pixels to Label Studio's percent pair `[x, y]`. */
export function toPercentPair(point: Point, size: Size): [number, number] {
  const kept = onImage(point, size);
  return [tidy((kept.x / size.width) * 100), tidy((kept.y / size.height) * 100)];
}

export function fromPercentPair(pair: readonly number[], size: Size): Point {
  return { x: ((pair[0] ?? 0) / 100) * size.width, y: ((pair[1] ?? 0) / 100) * size.height };
}

export function distance(a: Point, b: Point): number {
  return Math.hypot(a.x - b.x, a.y - b.y);
}

/** Flat `[x0, y0, x1, y1, ...]` for Konva lines. */
export function flat(points: readonly Point[]): number[] {
  return points.flatMap((point) => [point.x, point.y]);
}
