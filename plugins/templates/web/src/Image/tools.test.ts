// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';

import type { ConfigNode, Point, RegionTool, ToolContext } from '@labelcore/plugin-api';

import { floodFill } from '../Brush/mask';
import { ellipseTool } from '../Ellipse/ellipseTool';
import { keyPointTool } from '../KeyPoint/keyPointTool';
import { polygonTool } from '../Polygon/polygonTool';
import { vectorTool } from '../Vector/vectorTool';
import { boxTool } from './rectangleTool';

const SIZE = { width: 200, height: 100 };
const control: ConfigNode = { tag: 'PolygonLabels', attrs: { name: 'shape' }, children: [] };
const context: ToolContext = {
  control,
  size: SIZE,
  scale: 2,
  selected: null,
  label: 'A',
  pixels: null,
};

/** Presses and releases at each point in turn, as clicks; the steps the tool answered. */
function clicks(tool: RegionTool, points: Point[]) {
  let draft: unknown = null;
  const steps = [];
  for (const point of points) {
    const pressed = tool.press(draft, point, context);
    steps.push(pressed);
    draft = pressed.draft;
    if (draft === null) continue;
    const released = tool.release(draft, point, context);
    draft = released.draft;
  }
  return { steps, draft };
}

describe('box tool', () => {
  it('turns a drag into a box in percent, and a click into nothing', () => {
    const tool = boxTool('rectanglelabels');
    const pressed = tool.press(null, { x: 20, y: 10 }, context);
    const moved = tool.move(pressed.draft, { x: 120, y: 60 }, context);

    expect(tool.release(moved.draft, { x: 120, y: 60 }, context)).toEqual({
      draft: null,
      value: { x: 10, y: 10, width: 50, height: 50, rotation: 0 },
    });
    expect(tool.release(pressed.draft, { x: 21, y: 11 }, context).value).toBeNull();
    expect(tool.key(pressed.draft, 'Escape', context)).toEqual({ draft: null });
  });
});

describe('polygon tool', () => {
  it('adds a point per click and closes on the first point', () => {
    const { steps, draft } = clicks(polygonTool('polygonlabels'), [
      { x: 20, y: 20 },
      { x: 100, y: 20 },
      { x: 60, y: 80 },
      { x: 21, y: 21 },
    ]);

    expect(draft).toBeNull();
    expect(steps[3]?.value).toEqual({
      points: [
        [10, 20],
        [50, 20],
        [30, 80],
      ],
      closed: true,
    });
  });

  it('does not close before three points, takes a point back, and closes on Enter', () => {
    const tool = polygonTool('polygon');
    const two = clicks(tool, [
      { x: 20, y: 20 },
      { x: 100, y: 20 },
      { x: 20, y: 20 },
    ]);
    expect(two.draft).toMatchObject({ points: [{ x: 20 }, { x: 100 }, { x: 20 }] });

    const back = tool.key(two.draft, 'Backspace', context);
    expect(back?.draft).toMatchObject({ points: [{ x: 20 }, { x: 100 }] });
    expect(tool.key(back?.draft, 'Enter', context)).toBeNull();
    expect(tool.key(two.draft, 'Enter', context)?.value).toMatchObject({ closed: true });
    expect(tool.key(two.draft, 'Escape', context)).toEqual({ draft: null });
  });
});

describe('ellipse tool', () => {
  it('centres the ellipse where the drag starts', () => {
    const tool = ellipseTool('ellipselabels');
    const pressed = tool.press(null, { x: 100, y: 50 }, context);

    expect(tool.release(pressed.draft, { x: 140, y: 70 }, context).value).toEqual({
      x: 50,
      y: 50,
      radiusX: 20,
      radiusY: 20,
      rotation: 0,
    });
  });
});

describe('key point tool', () => {
  it('places a point on the press', () => {
    const step = keyPointTool('keypoint').press(null, { x: 50, y: 25 }, context);

    expect(step.draft).toBeNull();
    expect(step.value).toMatchObject({ x: 25, y: 25 });
  });
});

describe('vector tool', () => {
  it('chains vertices and ends the path on Enter', () => {
    const tool = vectorTool('vector');
    const { draft } = clicks(tool, [
      { x: 20, y: 20 },
      { x: 100, y: 60 },
    ]);
    const ended = tool.key(draft, 'Enter', context);
    const vertices = (ended?.value as { vertices: { id: string; prevPointId: string | null }[] })
      .vertices;

    expect(vertices).toHaveLength(2);
    expect(vertices[0]?.prevPointId).toBeNull();
    expect(vertices[1]?.prevPointId).toBe(vertices[0]?.id);
  });
});

describe('magic wand fill', () => {
  it('takes the connected pixels of similar colour only', () => {
    const width = 4;
    const data = new Uint8ClampedArray(width * 2 * 4);
    // Left half grey, right half white; one grey pixel cut off on the right.
    for (let pixel = 0; pixel < 8; pixel += 1) {
      const x = pixel % width;
      const grey = x < 2 || pixel === 7;
      data.set(grey ? [100, 100, 100, 255] : [255, 255, 255, 255], pixel * 4);
    }
    const pixels = { width, height: 2, data, colorSpace: 'srgb' } as ImageData;

    expect(Array.from(floodFill(pixels, { x: 0, y: 0 }, 15))).toEqual([1, 1, 0, 0, 1, 1, 0, 0]);
  });
});
