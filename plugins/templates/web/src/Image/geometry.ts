import type { Point, Size } from '@labelcore/plugin-api';

/** A box in the pixels of the image's natural size. */
export interface PixelRect {
  x: number;
  y: number;
  width: number;
  height: number;
  rotation: number;
}

/** A box as Label Studio stores it: percent of the image, rotation in degrees about x, y. */
export interface PercentRect {
  x: number;
  y: number;
  width: number;
  height: number;
  rotation: number;
}

/** Boxes smaller than this many natural pixels on a side are a click, not a box. */
export const MIN_BOX_PIXELS = 4;

const clamp = (value: number, low: number, high: number) => Math.min(high, Math.max(low, value));

/** Rounded to 1e-6 percent: well below a pixel, and no float noise in stored results. */
const tidy = (value: number) => Math.round(value * 1e6) / 1e6;

export function clampPoint(point: Point, size: Size): Point {
  return { x: clamp(point.x, 0, size.width), y: clamp(point.y, 0, size.height) };
}

/** The box spanned by a drag from `start` to `end`, in either direction, kept on the image. */
export function rectFromDrag(start: Point, end: Point, size: Size): PixelRect {
  const a = clampPoint(start, size);
  const b = clampPoint(end, size);
  return {
    x: Math.min(a.x, b.x),
    y: Math.min(a.y, b.y),
    width: Math.abs(b.x - a.x),
    height: Math.abs(b.y - a.y),
    rotation: 0,
  };
}

export function isBigEnough(rect: PixelRect, minimum = MIN_BOX_PIXELS): boolean {
  return rect.width >= minimum && rect.height >= minimum;
}

export function toPercent(rect: PixelRect, size: Size): PercentRect {
  return {
    x: tidy((rect.x / size.width) * 100),
    y: tidy((rect.y / size.height) * 100),
    width: tidy((rect.width / size.width) * 100),
    height: tidy((rect.height / size.height) * 100),
    rotation: tidy(rect.rotation),
  };
}

export function toPixels(rect: PercentRect, size: Size): PixelRect {
  return {
    x: (rect.x / 100) * size.width,
    y: (rect.y / 100) * size.height,
    width: (rect.width / 100) * size.width,
    height: (rect.height / 100) * size.height,
    rotation: rect.rotation,
  };
}

/** The box moved so that its top-left corner is at `to`, kept wholly on the image. */
export function moveRect(rect: PixelRect, to: Point, size: Size): PixelRect {
  if (rect.rotation !== 0) return { ...rect, x: to.x, y: to.y };
  return {
    ...rect,
    x: clamp(to.x, 0, Math.max(0, size.width - rect.width)),
    y: clamp(to.y, 0, Math.max(0, size.height - rect.height)),
  };
}

/**
 * The box after a resize handle let go: Konva reports the new position and a scale of the
 * old width and height. The scale is folded into the size, and the box is cut to the image.
 */
export function resizeRect(
  transformed: {
    x: number;
    y: number;
    width: number;
    height: number;
    scaleX: number;
    scaleY: number;
    rotation: number;
  },
  size: Size,
): PixelRect {
  const width = Math.abs(transformed.width * transformed.scaleX);
  const height = Math.abs(transformed.height * transformed.scaleY);
  const x = transformed.scaleX < 0 ? transformed.x - width : transformed.x;
  const y = transformed.scaleY < 0 ? transformed.y - height : transformed.y;
  if (transformed.rotation !== 0) return { x, y, width, height, rotation: transformed.rotation };

  const left = clamp(x, 0, size.width);
  const top = clamp(y, 0, size.height);
  const right = clamp(x + width, 0, size.width);
  const bottom = clamp(y + height, 0, size.height);
  return { x: left, y: top, width: right - left, height: bottom - top, rotation: 0 };
}

/** The zoom after one wheel step, kept between a quarter and 20 times the fitted size. */
export function nextZoom(zoom: number, wheelDeltaY: number): number {
  const factor = wheelDeltaY > 0 ? 1 / 1.15 : 1.15;
  return clamp(zoom * factor, 0.25, 20);
}

/**
 * The stage offset that keeps the image point under the pointer in place while the scale
 * changes from `oldScale` to `newScale`.
 */
export function zoomAbout(
  pointer: Point,
  offset: Point,
  oldScale: number,
  newScale: number,
): Point {
  const imagePoint = { x: (pointer.x - offset.x) / oldScale, y: (pointer.y - offset.y) / oldScale };
  return { x: pointer.x - imagePoint.x * newScale, y: pointer.y - imagePoint.y * newScale };
}
