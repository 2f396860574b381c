import type { Point, Size } from '@labelcore/plugin-api';

import { decodeMask, encodeMask } from './rle';

/** One byte per pixel of the image at its natural size; non-zero is inside. */
export type Mask = Uint8Array;

const decoded = new WeakMap<readonly number[], Mask>();

/** The mask of a brush value, decoded once per value. */
export function maskOfRle(rle: readonly number[], size: Size): Mask {
  const known = decoded.get(rle);
  if (known) return known;
  let mask: Mask;
  try {
    mask = decodeMask(rle, size.width * size.height);
  } catch {
    mask = new Uint8Array(size.width * size.height);
  }
  decoded.set(rle, mask);
  return mask;
}

/** The brush value of a mask, with the decoded mask remembered for the next stroke. */
export function rleValue(mask: Mask): { format: 'rle'; rle: number[] } {
  const rle = encodeMask(mask);
  decoded.set(rle, mask);
  return { format: 'rle', rle };
}

/** The pixels a stroke of round brush of `diameter` pixels along `points` covers. */
export function strokeMask(points: readonly Point[], diameter: number, size: Size): Mask {
  const canvas = document.createElement('canvas');
  canvas.width = size.width;
  canvas.height = size.height;
  const context = canvas.getContext('2d', { willReadFrequently: true });
  const mask = new Uint8Array(size.width * size.height);
  if (!context || points.length === 0) return mask;
  context.lineCap = 'round';
  context.lineJoin = 'round';
  context.lineWidth = diameter;
  context.strokeStyle = '#000';
  context.fillStyle = '#000';
  const [first, ...rest] = points;
  if (!first) return mask;
  context.beginPath();
  context.arc(first.x, first.y, diameter / 2, 0, Math.PI * 2);
  context.fill();
  context.beginPath();
  context.moveTo(first.x, first.y);
  for (const point of rest) context.lineTo(point.x, point.y);
  context.stroke();
  const { data } = context.getImageData(0, 0, size.width, size.height);
  for (let pixel = 0; pixel < mask.length; pixel += 1)
    mask[pixel] = (data[pixel * 4 + 3] ?? 0) > 96 ? 1 : 0;
  return mask;
}

/** `base` with `stroke` added, or taken away when erasing. */
export function combine(base: Mask | null, stroke: Mask, erase: boolean): Mask {
  const out = base ? new Uint8Array(base) : new Uint8Array(stroke.length);
  for (let pixel = 0; pixel < stroke.length; pixel += 1) {
    if (!stroke[pixel]) continue;
    out[pixel] = erase ? 0 : 1;
  }
  return out;
}

export function isEmpty(mask: Mask): boolean {
  return !mask.some((pixel) => pixel !== 0);
}

/**
 * The pixels of similar colour connected to `seed` (the magic wand): each neighbour whose
 * colour is within `threshold` (0-255, per channel) of the seed's joins.
 */
export function floodFill(pixels: ImageData, seed: Point, threshold: number): Mask {
  const { width, height, data } = pixels;
  const mask = new Uint8Array(width * height);
  const startX = Math.floor(seed.x);
  const startY = Math.floor(seed.y);
  if (startX < 0 || startY < 0 || startX >= width || startY >= height) return mask;
  const start = (startY * width + startX) * 4;
  const reference = [data[start] ?? 0, data[start + 1] ?? 0, data[start + 2] ?? 0];
  const similar = (pixel: number) =>
    Math.abs((data[pixel * 4] ?? 0) - (reference[0] ?? 0)) <= threshold &&
    Math.abs((data[pixel * 4 + 1] ?? 0) - (reference[1] ?? 0)) <= threshold &&
    Math.abs((data[pixel * 4 + 2] ?? 0) - (reference[2] ?? 0)) <= threshold;

  const stack = [startY * width + startX];
  mask[startY * width + startX] = 1;
  while (stack.length > 0) {
    const pixel = stack.pop() ?? 0;
    const x = pixel % width;
    const neighbours = [
      x > 0 ? pixel - 1 : -1,
      x < width - 1 ? pixel + 1 : -1,
      pixel - width,
      pixel + width,
    ];
    for (const next of neighbours) {
      if (next < 0 || next >= mask.length || mask[next]) continue;
      if (!similar(next)) continue;
      mask[next] = 1;
      stack.push(next);
    }
  }
  return mask;
}

const painted = new WeakMap<Mask, Map<string, HTMLCanvasElement>>();

/** A canvas showing the mask in `color`, made once per mask and colour. */
export function paintedMask(
  mask: Mask,
  size: Size,
  color: string,
  alpha: number,
): HTMLCanvasElement {
  const byColor = painted.get(mask) ?? new Map<string, HTMLCanvasElement>();
  painted.set(mask, byColor);
  const key = `${color}:${alpha}`;
  const known = byColor.get(key);
  if (known) return known;

  const canvas = document.createElement('canvas');
  canvas.width = size.width;
  canvas.height = size.height;
  const context = canvas.getContext('2d');
  if (context) {
    const image = context.createImageData(size.width, size.height);
    const hex = /^#?([0-9a-f]{6})$/i.exec(color.trim())?.[1] ?? '4f46e5';
    const rgb = [0, 2, 4].map((at) => parseInt(hex.slice(at, at + 2), 16));
    for (let pixel = 0; pixel < mask.length; pixel += 1) {
      if (!mask[pixel]) continue;
      image.data[pixel * 4] = rgb[0] ?? 0;
      image.data[pixel * 4 + 1] = rgb[1] ?? 0;
      image.data[pixel * 4 + 2] = rgb[2] ?? 0;
      image.data[pixel * 4 + 3] = Math.round(alpha * 255);
    }
    context.putImageData(image, 0, 0);
  }
  byColor.set(key, canvas);
  return canvas;
}

/** The mask as a PNG data URI (Bitmask values), opaque white inside. */
export function maskPng(mask: Mask, size: Size): string {
  return paintedMask(mask, size, '#ffffff', 1).toDataURL('image/png');
}
