import { describe, expect, it } from 'vitest';

import {
  isBigEnough,
  moveRect,
  nextZoom,
  rectFromDrag,
  resizeRect,
  toPercent,
  toPixels,
  zoomAbout,
} from './geometry';

const PHOTO = { width: 800, height: 400 };

describe('drawing a box', () => {
  it('spans a drag in any direction', () => {
    const forwards = rectFromDrag({ x: 100, y: 50 }, { x: 300, y: 250 }, PHOTO);
    const backwards = rectFromDrag({ x: 300, y: 250 }, { x: 100, y: 50 }, PHOTO);

    expect(forwards).toEqual({ x: 100, y: 50, width: 200, height: 200, rotation: 0 });
    expect(backwards).toEqual(forwards);
  });

  it('stops at the edges of the image', () => {
    expect(rectFromDrag({ x: -40, y: 380 }, { x: 120, y: 900 }, PHOTO)).toEqual({
      x: 0,
      y: 380,
      width: 120,
      height: 20,
      rotation: 0,
    });
  });

  it('treats a tiny drag as a click', () => {
    expect(isBigEnough(rectFromDrag({ x: 10, y: 10 }, { x: 12, y: 40 }, PHOTO))).toBe(false);
    expect(isBigEnough(rectFromDrag({ x: 10, y: 10 }, { x: 14, y: 14 }, PHOTO))).toBe(true);
  });

  it('stores geometry in percent of the image and reads it back', () => {
    const box = { x: 200, y: 100, width: 80, height: 40, rotation: 0 };

    expect(toPercent(box, PHOTO)).toEqual({ x: 25, y: 25, width: 10, height: 10, rotation: 0 });
    expect(toPixels(toPercent(box, PHOTO), PHOTO)).toEqual(box);
  });

  it('rounds away float noise', () => {
    const third = toPercent({ x: 800 / 3, y: 0, width: 1, height: 1, rotation: 0 }, PHOTO);

    expect(third.x).toBe(33.333333);
  });
});

describe('moving a box', () => {
  const box = { x: 100, y: 100, width: 200, height: 100, rotation: 0 };

  it('goes where it is dropped', () => {
    expect(moveRect(box, { x: 150, y: 20 }, PHOTO)).toMatchObject({ x: 150, y: 20 });
  });

  it('stays wholly on the image', () => {
    expect(moveRect(box, { x: 700, y: -30 }, PHOTO)).toMatchObject({ x: 600, y: 0 });
  });

  it('keeps a rotated box where it is dropped, since its corners are not axis-aligned', () => {
    const rotated = { ...box, rotation: 30 };

    expect(moveRect(rotated, { x: 750, y: -5 }, PHOTO)).toMatchObject({ x: 750, y: -5 });
  });
});

describe('resizing a box', () => {
  it('folds the handle scale into the size', () => {
    const resized = resizeRect(
      { x: 100, y: 100, width: 200, height: 100, scaleX: 1.5, scaleY: 0.5, rotation: 0 },
      PHOTO,
    );

    expect(resized).toEqual({ x: 100, y: 100, width: 300, height: 50, rotation: 0 });
  });

  it('turns a handle dragged past the opposite side into a box the right way round', () => {
    const flipped = resizeRect(
      { x: 300, y: 100, width: 200, height: 100, scaleX: -0.5, scaleY: 1, rotation: 0 },
      PHOTO,
    );

    expect(flipped).toEqual({ x: 200, y: 100, width: 100, height: 100, rotation: 0 });
  });

  it('cuts a box stretched past the image at its edge', () => {
    const stretched = resizeRect(
      { x: 700, y: 300, width: 100, height: 50, scaleX: 2, scaleY: 4, rotation: 0 },
      PHOTO,
    );

    expect(stretched).toEqual({ x: 700, y: 300, width: 100, height: 100, rotation: 0 });
  });
});

describe('zoom', () => {
  it('steps in and out within bounds', () => {
    expect(nextZoom(1, -100)).toBeCloseTo(1.15);
    expect(nextZoom(1, 100)).toBeCloseTo(1 / 1.15);
    expect(nextZoom(20, -100)).toBe(20);
    expect(nextZoom(0.25, 100)).toBe(0.25);
  });

  it('keeps the image point under the pointer in place', () => {
    const pointer = { x: 300, y: 200 };
    const offset = { x: 10, y: -20 };
    const next = zoomAbout(pointer, offset, 0.5, 1);

    const before = { x: (pointer.x - offset.x) / 0.5, y: (pointer.y - offset.y) / 0.5 };
    const after = { x: (pointer.x - next.x) / 1, y: (pointer.y - next.y) / 1 };
    expect(after.x).toBeCloseTo(before.x);
    expect(after.y).toBeCloseTo(before.y);
  });
});
