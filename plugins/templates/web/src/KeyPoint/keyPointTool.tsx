import { Circle } from 'react-konva';

import { defineRegionTool, withAlpha } from '@labelcore/plugin-api';
import type { Point, RegionShapeProps, Size, ToolStep } from '@labelcore/plugin-api';

import { onImage, tidy } from '../Image/points';

/** A point in Label Studio's keypoint value: percent, with its drawn size. */
export function keyPointValue(point: Point, size: Size) {
  const kept = onImage(point, size);
  return {
    x: tidy((kept.x / size.width) * 100),
    y: tidy((kept.y / size.height) * 100),
    width: tidy((5 / size.width) * 100),
  };
}

function KeyPointShape(props: RegionShapeProps) {
  const { item, size, scale, selected, color, readOnly, onSelect, onChange } = props;
  const x = ((item.value.x as number) / 100) * size.width;
  const y = ((item.value.y as number) / 100) * size.height;
  return (
    <Circle
      name="region"
      x={x}
      y={y}
      radius={(selected ? 7 : 5) / scale}
      fill={withAlpha(color, 0.85)}
      stroke={selected ? '#ffffff' : color}
      strokeWidth={2 / scale}
      draggable={!readOnly}
      onPointerDown={(event) => {
        event.cancelBubble = true;
        onSelect();
      }}
      onDragEnd={(event) =>
        onChange({
          ...item.value,
          ...keyPointValue({ x: event.target.x(), y: event.target.y() }, size),
        })
      }
    />
  );
}

/** A tool that puts a point where the image is clicked. */
export const keyPointTool = (resultType: string) =>
  defineRegionTool({
    objectTag: 'Image',
    resultType,
    press: (_draft, point, context): ToolStep => ({
      draft: null,
      value: keyPointValue(point, context.size),
    }),
    release: (): ToolStep => ({ draft: null }),
    Shape: KeyPointShape,
    DraftShape: () => null,
  });
