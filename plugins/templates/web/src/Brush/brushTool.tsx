import { useEffect, useMemo, useRef, useState } from 'react';
import type Konva from 'konva';
import { Image as KonvaImage, Line } from 'react-konva';

import { defineRegionTool } from '@labelcore/plugin-api';
import type {
  DraftShapeProps,
  Point,
  RegionShapeProps,
  ToolContext,
  ToolStep,
} from '@labelcore/plugin-api';

import { onImage } from '../Image/points';
import {
  combine,
  floodFill,
  isEmpty,
  maskOfRle,
  maskPng,
  paintedMask,
  rleValue,
  strokeMask,
} from './mask';
import type { Mask } from './mask';
import { brushSettings } from './settings';

interface StrokeDraft {
  points: Point[];
  size: number;
  erase: boolean;
}

function selectedMask(context: ToolContext): Mask | null {
  const rle = context.selected?.value.rle;
  return Array.isArray(rle) ? maskOfRle(rle as number[], context.size) : null;
}

/**
 * Painting: a press starts a stroke, moving extends it, release paints it. A stroke adds to
 * the selected mask of the same control (or takes away with the eraser); with none
 * selected it makes a new mask.
 */
export const brushSteps = {
  press(_draft: unknown, point: Point, context: ToolContext): ToolStep {
    const { size, erase } = brushSettings(context.control.attrs.name ?? '');
    if (erase && !context.selected) return { draft: null };
    return { draft: { points: [onImage(point, context.size)], size, erase } };
  },
  move(draft: unknown, point: Point, context: ToolContext): ToolStep {
    const stroke = draft as StrokeDraft | null;
    if (!stroke) return { draft: null };
    return { draft: { ...stroke, points: [...stroke.points, onImage(point, context.size)] } };
  },
  release(draft: unknown, _point: Point, context: ToolContext): ToolStep {
    const stroke = draft as StrokeDraft | null;
    if (!stroke) return { draft: null };
    const painted = strokeMask(stroke.points, stroke.size, context.size);
    const base = selectedMask(context);
    const mask = combine(base, painted, stroke.erase);
    if (isEmpty(mask)) return { draft: null };
    return { draft: null, value: rleValue(mask), replaceSelected: base !== null };
  },
};

function BrushShape({ item, size, selected, color, onSelect }: RegionShapeProps) {
  const rle = item.value.rle as number[] | undefined;
  const canvas = useMemo(() => {
    if (!Array.isArray(rle)) return null;
    return paintedMask(maskOfRle(rle, size), size, color, selected ? 0.6 : 0.42);
  }, [rle, size, color, selected]);
  const node = useRef<Konva.Image>(null);

  useEffect(() => {
    // Only the painted pixels answer to the pointer, not the whole image's rectangle.
    const image = node.current;
    if (!image) return;
    image.cache();
    image.drawHitFromCache();
  }, [canvas]);

  if (!canvas) return null;
  return (
    <KonvaImage
      ref={node}
      name="region"
      image={canvas}
      width={size.width}
      height={size.height}
      onPointerDown={(event) => {
        event.cancelBubble = true;
        onSelect();
      }}
    />
  );
}

function DraftStroke({ draft, color }: DraftShapeProps) {
  const stroke = draft as StrokeDraft;
  return (
    <Line
      points={stroke.points.flatMap((point) => [point.x, point.y])}
      stroke={stroke.erase ? '#ffffff' : color}
      opacity={0.55}
      strokeWidth={stroke.size}
      lineCap="round"
      lineJoin="round"
      listening={false}
    />
  );
}

/** Brush masks stored as Label Studio's RLE. */
export const brushTool = (resultType: string) =>
  defineRegionTool({
    objectTag: 'Image',
    resultType,
    ...brushSteps,
    Shape: BrushShape,
    DraftShape: DraftStroke,
  });

/** The magic wand: a press fills the area of similar colour, as a brush mask. */
export const magicWandTool = (resultType: string) =>
  defineRegionTool({
    objectTag: 'Image',
    resultType,
    press(_draft, point, context): ToolStep {
      if (!context.pixels) return { draft: null };
      const threshold = Number(context.control.attrs.defaultthreshold ?? 15) || 15;
      const filled = floodFill(context.pixels, point, threshold);
      const base = selectedMask(context);
      const mask = combine(base, filled, false);
      if (isEmpty(mask)) return { draft: null };
      return { draft: null, value: rleValue(mask), replaceSelected: base !== null };
    },
    release: (): ToolStep => ({ draft: null }),
    Shape: BrushShape,
    DraftShape: () => null,
  });

const pngMasks = new Map<string, Mask>();

function BitmaskShape({ item, size, selected, color, onSelect }: RegionShapeProps) {
  const url = item.value.imageDataURL as string | undefined;
  const [mask, setMask] = useState<Mask | null>(url ? (pngMasks.get(url) ?? null) : null);

  useEffect(() => {
    if (!url || pngMasks.has(url)) return undefined;
    let live = true;
    const image = new window.Image();
    image.onload = () => {
      const canvas = document.createElement('canvas');
      canvas.width = size.width;
      canvas.height = size.height;
      const context = canvas.getContext('2d', { willReadFrequently: true });
      if (!context) return;
      context.drawImage(image, 0, 0, size.width, size.height);
      const { data } = context.getImageData(0, 0, size.width, size.height);
      const decoded = new Uint8Array(size.width * size.height);
      for (let pixel = 0; pixel < decoded.length; pixel += 1)
        decoded[pixel] = (data[pixel * 4 + 3] ?? 0) > 0 ? 1 : 0;
      pngMasks.set(url, decoded);
      if (live) setMask(decoded);
    };
    image.src = url;
    return () => {
      live = false;
    };
  }, [url, size]);

  const rle = useMemo(() => (mask ? rleValue(mask).rle : null), [mask]);
  if (!rle) return null;
  return (
    <BrushShape
      item={{ ...item, value: { ...item.value, rle } }}
      size={size}
      scale={1}
      selected={selected}
      color={color}
      label=""
      readOnly
      onSelect={onSelect}
      onChange={() => undefined}
    />
  );
}

/** Pixel masks stored as PNG data URIs (Bitmask, BitmaskLabels). */
export const bitmaskTool = (resultType: string) =>
  defineRegionTool({
    objectTag: 'Image',
    resultType,
    press: brushSteps.press,
    move: brushSteps.move,
    release(draft, point, context): ToolStep {
      const url = context.selected?.value.imageDataURL;
      const base = typeof url === 'string' ? (pngMasks.get(url) ?? null) : null;
      const step = brushSteps.release(draft, point, { ...context, selected: null });
      if (!step.value) return step;
      const stroke = maskOfRle(step.value.rle as number[], context.size);
      const stroked = draft as StrokeDraft;
      const mask = combine(base, stroke, stroked.erase);
      const png = maskPng(mask, context.size);
      pngMasks.set(png, mask);
      return {
        draft: null,
        value: { imageDataURL: png, format: 'png' },
        replaceSelected: base !== null,
      };
    },
    Shape: BitmaskShape,
    DraftShape: DraftStroke,
  });
