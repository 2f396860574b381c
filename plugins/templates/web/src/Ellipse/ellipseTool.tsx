import { useEffect, useRef } from 'react';
import type Konva from 'konva';
import { Ellipse, Transformer } from 'react-konva';

import { defineRegionTool, withAlpha } from '@labelcore/plugin-api';
import type {
  DraftShapeProps,
  Point,
  RegionDraft,
  RegionShapeProps,
  Size,
} from '@labelcore/plugin-api';

import { onImage, tidy } from '../Image/points';

/** The ellipse of a drag: centred where the drag started, reaching to the pointer. */
export function ellipseFromDrag(start: Point, end: Point, size: Size) {
  const centre = onImage(start, size);
  const reach = onImage(end, size);
  return {
    x: centre.x,
    y: centre.y,
    radiusX: Math.abs(reach.x - centre.x),
    radiusY: Math.abs(reach.y - centre.y),
  };
}

/** Natural pixels to Label Studio's ellipse value: centre and radii in percent. */
export function ellipseValue(
  ellipse: { x: number; y: number; radiusX: number; radiusY: number },
  size: Size,
  rotation = 0,
) {
  return {
    x: tidy((ellipse.x / size.width) * 100),
    y: tidy((ellipse.y / size.height) * 100),
    radiusX: tidy((ellipse.radiusX / size.width) * 100),
    radiusY: tidy((ellipse.radiusY / size.height) * 100),
    rotation: tidy(rotation),
  };
}

function EllipseShape(props: RegionShapeProps) {
  const { item, size, scale, selected, color, readOnly, onSelect, onChange } = props;
  const value = item.value as {
    x: number;
    y: number;
    radiusX: number;
    radiusY: number;
    rotation?: number;
  };
  const shape = useRef<Konva.Ellipse>(null);
  const transformer = useRef<Konva.Transformer>(null);

  useEffect(() => {
    if (!selected || !transformer.current || !shape.current) return;
    transformer.current.nodes([shape.current]);
    transformer.current.getLayer()?.batchDraw();
  }, [selected]);

  const commit = (node: Konva.Ellipse) => {
    const next = {
      x: node.x(),
      y: node.y(),
      radiusX: Math.abs(node.radiusX() * node.scaleX()),
      radiusY: Math.abs(node.radiusY() * node.scaleY()),
    };
    node.scale({ x: 1, y: 1 });
    onChange({ ...item.value, ...ellipseValue(next, size, node.rotation()) });
  };

  return (
    <>
      <Ellipse
        ref={shape}
        name="region"
        x={(value.x / 100) * size.width}
        y={(value.y / 100) * size.height}
        radiusX={(value.radiusX / 100) * size.width}
        radiusY={(value.radiusY / 100) * size.height}
        rotation={value.rotation ?? 0}
        stroke={color}
        strokeWidth={(selected ? 2.5 : 1.5) / scale}
        fill={withAlpha(color, selected ? 0.28 : 0.14)}
        draggable={!readOnly}
        onPointerDown={(event) => {
          event.cancelBubble = true;
          onSelect();
        }}
        onDragEnd={(event) => commit(event.target as Konva.Ellipse)}
        onTransformEnd={() => shape.current && commit(shape.current)}
      />
      {selected && !readOnly && (
        <Transformer
          ref={transformer}
          keepRatio={false}
          ignoreStroke
          anchorSize={8}
          borderStroke={color}
          anchorStroke={color}
        />
      )}
    </>
  );
}

function DraftEllipse({ draft, size, scale, color }: DraftShapeProps) {
  const { start, current } = draft as RegionDraft;
  const ellipse = ellipseFromDrag(start, current, size);
  return (
    <Ellipse
      {...ellipse}
      stroke={color}
      dash={[6 / scale, 4 / scale]}
      strokeWidth={1.5 / scale}
      fill={withAlpha(color, 0.1)}
      listening={false}
    />
  );
}

/** A tool that draws ellipses by dragging from the centre outwards. */
export const ellipseTool = (resultType: string) =>
  defineRegionTool({
    objectTag: 'Image',
    resultType,
    valueFromDraft(draft, size) {
      const ellipse = ellipseFromDrag(draft.start, draft.current, size);
      if (ellipse.radiusX < 2 || ellipse.radiusY < 2) return null;
      return ellipseValue(ellipse, size);
    },
    Shape: EllipseShape,
    DraftShape: DraftEllipse,
  });
