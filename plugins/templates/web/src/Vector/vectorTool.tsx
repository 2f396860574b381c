import { Circle, Group, Line } from 'react-konva';

import { defineRegionTool, newResultId, withAlpha } from '@labelcore/plugin-api';
import type {
  DraftShapeProps,
  Point,
  RegionShapeProps,
  Size,
  ToolStep,
} from '@labelcore/plugin-api';

import { flat, onImage, tidy } from '../Image/points';
import { polygonSteps } from '../Polygon/polygonTool';
import type { PolygonDraft } from '../Polygon/polygonTool';

interface Vertex {
  id: string;
  x: number;
  y: number;
  prevPointId: string | null;
}

/** A path of points as Label Studio's vector value: vertices chained by `prevPointId`. */
export function vectorValue(points: readonly Point[], size: Size, closed = false) {
  const vertices: Vertex[] = [];
  for (const point of points) {
    const kept = onImage(point, size);
    vertices.push({
      id: newResultId(6),
      x: tidy((kept.x / size.width) * 100),
      y: tidy((kept.y / size.height) * 100),
      prevPointId: vertices[vertices.length - 1]?.id ?? null,
    });
  }
  return { vertices, closed };
}

const steps = polygonSteps(2);

function VectorShape({ item, size, scale, selected, color, onSelect }: RegionShapeProps) {
  const vertices = (item.value.vertices as Vertex[] | undefined) ?? [];
  const points = vertices.map((vertex) => ({
    x: (vertex.x / 100) * size.width,
    y: (vertex.y / 100) * size.height,
  }));
  return (
    <Group
      onPointerDown={(event) => {
        event.cancelBubble = true;
        onSelect();
      }}
    >
      <Line
        name="region"
        points={flat(points)}
        closed={item.value.closed === true}
        stroke={color}
        strokeWidth={(selected ? 3 : 2) / scale}
        hitStrokeWidth={10 / scale}
        fill={item.value.closed === true ? withAlpha(color, 0.14) : undefined}
      />
      {points.map((point, index) => (
        <Circle key={index} x={point.x} y={point.y} radius={3.5 / scale} fill={color} />
      ))}
    </Group>
  );
}

function DraftVector({ draft, scale, color }: DraftShapeProps) {
  const { points, cursor } = draft as PolygonDraft;
  return (
    <Line
      points={flat([...points, cursor])}
      stroke={color}
      strokeWidth={2 / scale}
      dash={[6 / scale, 4 / scale]}
      listening={false}
    />
  );
}

/**
 * A tool that draws open paths: a press per point; Enter (or a press on the last point)
 * ends the path, a press on the first point closes it.
 */
export const vectorTool = (resultType: string) =>
  defineRegionTool({
    objectTag: 'Image',
    resultType,
    press(draft, point, context): ToolStep {
      const step = steps.press(draft, point, context);
      if (!step.value || !draft) return step;
      const current = draft as PolygonDraft;
      const first = current.points[0];
      const closed = Boolean(
        first && Math.hypot(first.x - point.x, first.y - point.y) * context.scale <= 10,
      );
      return { draft: null, value: vectorValue(current.points, context.size, closed) };
    },
    move: steps.move,
    release: steps.release,
    key(draft, key, context): ToolStep | null {
      const step = steps.key(draft, key, context);
      if (!step?.value) return step;
      return { draft: null, value: vectorValue((draft as PolygonDraft).points, context.size) };
    },
    Shape: VectorShape,
    DraftShape: DraftVector,
  });
