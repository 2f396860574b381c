import { useRef } from 'react';
import type Konva from 'konva';
import { Circle, Group, Line } from 'react-konva';

import { defineRegionTool, withAlpha } from '@labelcore/plugin-api';
import type {
  DraftShapeProps,
  Point,
  RegionShapeProps,
  Size,
  ToolStep,
} from '@labelcore/plugin-api';

import { distance, flat, fromPercentPair, onImage, toPercentPair } from '../Image/points';

/** A polygon being drawn: the points clicked so far and where the pointer is. */
export interface PolygonDraft {
  points: Point[];
  cursor: Point;
}

/** How close (in screen pixels) a click must come to the first point to close the polygon. */
const CLOSE_REACH = 10;

export function polygonValue(points: readonly Point[], size: Size, closed = true) {
  return { points: points.map((point) => toPercentPair(point, size)), closed };
}

/**
 * Click by click: each press adds a point; a press on the first point, Enter or a double
 * press closes a polygon of three points or more; Backspace takes the last point back and
 * Escape drops the polygon. `open` draws paths that stay open (Vector-like).
 */
export function polygonSteps(minimum = 3) {
  return {
    press(draft: unknown, point: Point, context: { size: Size; scale: number }): ToolStep {
      const kept = onImage(point, context.size);
      const current = draft as PolygonDraft | null;
      if (!current) return { draft: { points: [kept], cursor: kept } };
      const first = current.points[0];
      const last = current.points[current.points.length - 1];
      const reach = CLOSE_REACH / context.scale;
      const closing =
        current.points.length >= minimum &&
        ((first && distance(first, kept) <= reach) || (last && distance(last, kept) <= reach / 3));
      if (closing) return { draft: null, value: polygonValue(current.points, context.size) };
      return { draft: { points: [...current.points, kept], cursor: kept } };
    },
    move(draft: unknown, point: Point, context: { size: Size }): ToolStep {
      const current = draft as PolygonDraft | null;
      return { draft: current ? { ...current, cursor: onImage(point, context.size) } : null };
    },
    release(draft: unknown): ToolStep {
      return { draft };
    },
    key(draft: unknown, key: string, context: { size: Size }): ToolStep | null {
      const current = draft as PolygonDraft | null;
      if (!current) return null;
      if (key === 'Escape') return { draft: null };
      if (key === 'Backspace') {
        const points = current.points.slice(0, -1);
        return { draft: points.length ? { ...current, points } : null };
      }
      if (key === 'Enter' && current.points.length >= minimum) {
        return { draft: null, value: polygonValue(current.points, context.size) };
      }
      return null;
    },
  };
}

function PolygonShape(props: RegionShapeProps) {
  const { item, size, scale, selected, color, readOnly, onSelect, onChange } = props;
  const pairs = (item.value.points as number[][] | undefined) ?? [];
  const points = pairs.map((pair) => fromPercentPair(pair, size));
  const closed = item.value.closed !== false;
  const group = useRef<Konva.Group>(null);

  const commit = (next: Point[]) =>
    onChange({ ...item.value, ...polygonValue(next, size, closed) });

  return (
    <Group
      ref={group}
      draggable={!readOnly}
      onPointerDown={(event) => {
        event.cancelBubble = true;
        onSelect();
      }}
      onDragEnd={(event) => {
        const moved = event.target as unknown;
        const node = group.current;
        if (moved !== node || !node) return;
        const dx = node.x();
        const dy = node.y();
        node.position({ x: 0, y: 0 });
        commit(points.map((point) => onImage({ x: point.x + dx, y: point.y + dy }, size)));
      }}
    >
      <Line
        name="region"
        points={flat(points)}
        closed={closed}
        stroke={color}
        strokeWidth={(selected ? 2.5 : 1.5) / scale}
        fill={closed ? withAlpha(color, selected ? 0.28 : 0.14) : undefined}
      />
      {selected &&
        !readOnly &&
        points.map((point, index) => {
          const next = points[(index + 1) % points.length];
          const middle = next && { x: (point.x + next.x) / 2, y: (point.y + next.y) / 2 };
          return (
            <Group key={index}>
              {middle && (closed || index < points.length - 1) && (
                <Circle
                  x={middle.x}
                  y={middle.y}
                  radius={3.5 / scale}
                  fill="#ffffff"
                  stroke={color}
                  strokeWidth={1 / scale}
                  opacity={0.8}
                  onPointerDown={(event) => {
                    // A press on an edge's middle adds a point there.
                    event.cancelBubble = true;
                    commit([...points.slice(0, index + 1), middle, ...points.slice(index + 1)]);
                  }}
                />
              )}
              <Circle
                name="vertex"
                x={point.x}
                y={point.y}
                radius={5 / scale}
                fill={color}
                stroke="#ffffff"
                strokeWidth={1.5 / scale}
                draggable
                onPointerDown={(event) => {
                  event.cancelBubble = true;
                  // Alt-click takes a point out, if three remain.
                  if (event.evt.altKey && points.length > 3) {
                    commit(points.filter((_point, at) => at !== index));
                  }
                }}
                onDragMove={(event) => (event.cancelBubble = true)}
                onDragEnd={(event) => {
                  event.cancelBubble = true;
                  const moved = onImage({ x: event.target.x(), y: event.target.y() }, size);
                  commit(points.map((each, at) => (at === index ? moved : each)));
                }}
              />
            </Group>
          );
        })}
    </Group>
  );
}

function DraftPolygon({ draft, scale, color }: DraftShapeProps) {
  const { points, cursor } = draft as PolygonDraft;
  return (
    <Group listening={false}>
      <Line
        points={flat([...points, cursor])}
        stroke={color}
        strokeWidth={1.5 / scale}
        dash={[6 / scale, 4 / scale]}
        fill={withAlpha(color, 0.1)}
        closed={points.length >= 2}
      />
      {points.map((point, index) => (
        <Circle
          key={index}
          x={point.x}
          y={point.y}
          radius={(index === 0 ? 6 : 4) / scale}
          fill={index === 0 ? '#ffffff' : color}
          stroke={color}
          strokeWidth={1.5 / scale}
        />
      ))}
    </Group>
  );
}

/** A tool that draws polygons on an Image for a control whose results are `resultType`. */
export const polygonTool = (resultType: string) =>
  defineRegionTool({
    objectTag: 'Image',
    resultType,
    ...polygonSteps(3),
    Shape: PolygonShape,
    DraftShape: DraftPolygon,
  });
