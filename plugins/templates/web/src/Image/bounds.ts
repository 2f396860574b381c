import type { Size } from '@labelcore/plugin-api';

export interface Bounds {
  x: number;
  y: number;
  width: number;
  height: number;
}

const number = (value: unknown) => (typeof value === 'number' ? value : null);

/**
 * The box around a region's geometry in natural pixels, whatever its shape: a box, an
 * ellipse, a point, a polygon, a path of vertices. `null` for a mask (drawn where it is).
 */
export function regionBounds(value: Record<string, unknown>, size: Size): Bounds | null {
  const px = (percent: number) => (percent / 100) * size.width;
  const py = (percent: number) => (percent / 100) * size.height;
  const x = number(value.x);
  const y = number(value.y);

  if (Array.isArray(value.points) && value.points.length > 0) {
    const xs = (value.points as number[][]).map((point) => px(point[0] ?? 0));
    const ys = (value.points as number[][]).map((point) => py(point[1] ?? 0));
    return spanOf(xs, ys);
  }
  if (Array.isArray(value.vertices) && value.vertices.length > 0) {
    const vertices = value.vertices as { x: number; y: number }[];
    return spanOf(
      vertices.map((vertex) => px(vertex.x)),
      vertices.map((vertex) => py(vertex.y)),
    );
  }
  if (x === null || y === null) return null;
  const radiusX = number(value.radiusX);
  const radiusY = number(value.radiusY);
  if (radiusX !== null && radiusY !== null) {
    return {
      x: px(x - radiusX),
      y: py(y - radiusY),
      width: px(2 * radiusX),
      height: py(2 * radiusY),
    };
  }
  const width = number(value.width);
  const height = number(value.height);
  if (width !== null && height !== null) {
    return { x: px(x), y: py(y), width: px(width), height: py(height) };
  }
  return { x: px(x) - 4, y: py(y) - 4, width: 8, height: 8 };
}

function spanOf(xs: number[], ys: number[]): Bounds {
  const left = Math.min(...xs);
  const top = Math.min(...ys);
  return { x: left, y: top, width: Math.max(...xs) - left, height: Math.max(...ys) - top };
}
