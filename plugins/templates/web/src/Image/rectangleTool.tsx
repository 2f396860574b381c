import { useEffect, useRef } from 'react';
import type Konva from 'konva';
import { Label, Rect, Tag, Text, Transformer } from 'react-konva';

import { defineRegionTool, withAlpha } from '@labelcore/plugin-api';
import type { DraftShapeProps, RegionDraft, RegionShapeProps } from '@labelcore/plugin-api';

import { isBigEnough, moveRect, rectFromDrag, resizeRect, toPercent, toPixels } from './geometry';
import type { PercentRect } from './geometry';

// A box narrower than this on screen shows its label only when selected: a thousand
// small boxes stay readable and quick to draw.
const LABEL_MIN_WIDTH = 48;

function readRect(value: Record<string, unknown>): PercentRect {
  const number = (key: string) => (typeof value[key] === 'number' ? (value[key] as number) : 0);
  return {
    x: number('x'),
    y: number('y'),
    width: number('width'),
    height: number('height'),
    rotation: number('rotation'),
  };
}

function BoxShape(props: RegionShapeProps) {
  const { item, size, scale, selected, color, label, readOnly, onSelect, onChange } = props;
  const box = toPixels(readRect(item.value), size);
  const shape = useRef<Konva.Rect>(null);
  const transformer = useRef<Konva.Transformer>(null);

  useEffect(() => {
    if (!selected || !transformer.current || !shape.current) return;
    transformer.current.nodes([shape.current]);
    transformer.current.getLayer()?.batchDraw();
  }, [selected]);

  const commit = (next: ReturnType<typeof toPixels>) => {
    onChange({ ...item.value, ...toPercent(next, size) });
  };

  return (
    <>
      <Rect
        ref={shape}
        name="region"
        x={box.x}
        y={box.y}
        width={box.width}
        height={box.height}
        rotation={box.rotation}
        stroke={color}
        strokeWidth={(selected ? 2.5 : 1.5) / scale}
        fill={withAlpha(color, selected ? 0.28 : 0.14)}
        perfectDrawEnabled={false}
        shadowForStrokeEnabled={false}
        draggable={!readOnly}
        onPointerDown={(event) => {
          event.cancelBubble = true;
          onSelect();
        }}
        onDragEnd={(event) => {
          const moved = moveRect(box, { x: event.target.x(), y: event.target.y() }, size);
          event.target.position({ x: moved.x, y: moved.y });
          commit(moved);
        }}
        onTransformEnd={() => {
          const node = shape.current;
          if (!node) return;
          const resized = resizeRect(
            {
              x: node.x(),
              y: node.y(),
              width: node.width(),
              height: node.height(),
              scaleX: node.scaleX(),
              scaleY: node.scaleY(),
              rotation: node.rotation(),
            },
            size,
          );
          node.scale({ x: 1, y: 1 });
          node.setAttrs(resized);
          commit(resized);
        }}
      />
      {label && (selected || box.width * scale >= LABEL_MIN_WIDTH) && (
        <Label x={box.x} y={box.y} rotation={box.rotation} listening={false}>
          <Tag fill={color} cornerRadius={2 / scale} />
          <Text
            text={label}
            fill="#ffffff"
            fontSize={12 / scale}
            padding={3 / scale}
            fontFamily="system-ui, sans-serif"
          />
        </Label>
      )}
      {selected && !readOnly && (
        <Transformer
          ref={transformer}
          rotateEnabled
          rotationSnaps={[0, 90, 180, 270]}
          keepRatio={false}
          ignoreStroke
          anchorSize={8}
          borderStroke={color}
          anchorStroke={color}
          boundBoxFunc={(previous, next) =>
            Math.abs(next.width) < 4 || Math.abs(next.height) < 4 ? previous : next
          }
        />
      )}
    </>
  );
}

function DraftBox({ draft, size, scale, color }: DraftShapeProps) {
  const { start, current } = draft as RegionDraft;
  const box = rectFromDrag(start, current, size);
  return (
    <Rect
      x={box.x}
      y={box.y}
      width={box.width}
      height={box.height}
      stroke={color}
      dash={[6 / scale, 4 / scale]}
      strokeWidth={1.5 / scale}
      fill={withAlpha(color, 0.1)}
      listening={false}
    />
  );
}

/** A tool that draws boxes on an Image for a control whose results are `resultType`. */
export const boxTool = (resultType: string) =>
  defineRegionTool({
    objectTag: 'Image',
    resultType,
    valueFromDraft(draft, size) {
      const box = rectFromDrag(draft.start, draft.current, size);
      return isBigEnough(box) ? { ...toPercent(box, size) } : null;
    },
    Shape: BoxShape,
    DraftShape: DraftBox,
  });
