import { memo, useEffect, useRef } from 'react';
import type Konva from 'konva';

import { setRegionAnchor } from '@labelcore/plugin-api';
import type { AnnotationStore, RegionTool, ResultItem, Size } from '@labelcore/plugin-api';

import { regionBounds } from './bounds';

export interface PlacedRegion {
  item: ResultItem;
  tool: RegionTool;
  color: string;
  label: string;
}

interface ItemProps {
  region: PlacedRegion;
  store: AnnotationStore;
  size: Size;
  scale: number;
  selected: boolean;
  readOnly: boolean;
  group: React.RefObject<Konva.Group | null>;
}

/**
 * One region on the canvas, re-rendered only when it changes: a photo with a thousand boxes
 * redraws the one being edited, not all of them. It tells the relation arrows where it is.
 */
const RegionItem = memo(function RegionItem({
  region,
  store,
  size,
  scale,
  selected,
  readOnly,
  group,
}: ItemProps) {
  const { item, tool, color, label } = region;
  const latest = useRef(item);
  latest.current = item;

  useEffect(() => {
    setRegionAnchor(item.id, () => {
      const node = group.current;
      const stage = node?.getStage();
      const bounds = regionBounds(latest.current.value, size);
      if (!node || !stage || !bounds) return null;
      const transform = node.getAbsoluteTransform();
      const corners = [
        transform.point({ x: bounds.x, y: bounds.y }),
        transform.point({ x: bounds.x + bounds.width, y: bounds.y + bounds.height }),
      ];
      const origin = stage.container().getBoundingClientRect();
      const xs = corners.map((corner) => corner.x + origin.left);
      const ys = corners.map((corner) => corner.y + origin.top);
      const left = Math.min(...xs);
      const top = Math.min(...ys);
      return new DOMRect(left, top, Math.max(...xs) - left, Math.max(...ys) - top);
    });
    return () => setRegionAnchor(item.id, null);
  }, [item.id, group, size]);

  const Shape = tool.Shape;
  return (
    <Shape
      item={item}
      size={size}
      scale={scale}
      selected={selected}
      color={color}
      label={label}
      readOnly={readOnly}
      onSelect={() => {
        const { linkingFrom } = store.getState();
        if (linkingFrom && linkingFrom !== item.id) store.addRelation(linkingFrom, item.id);
        else store.select(item.id);
      }}
      onChange={(value) => store.update(item.id, value, item.from_name)}
    />
  );
});

interface ShapesProps {
  regions: readonly PlacedRegion[];
  store: AnnotationStore;
  size: Size;
  scale: number;
  selectedId: string | null;
  lockedIds: readonly string[];
  readOnly: boolean;
  group: React.RefObject<Konva.Group | null>;
}

/** Every shown region, the selected one last so that its handles are on top. */
export const RegionShapes = memo(function RegionShapes(props: ShapesProps) {
  const { regions, selectedId, lockedIds } = props;
  const ordered = [
    ...regions.filter((region) => region.item.id !== selectedId),
    ...regions.filter((region) => region.item.id === selectedId),
  ];
  return (
    <>
      {ordered.map((region) => (
        <RegionItem
          key={`${region.item.id}:${region.item.from_name}`}
          region={region}
          store={props.store}
          size={props.size}
          scale={props.scale}
          selected={region.item.id === selectedId}
          readOnly={props.readOnly || lockedIds.includes(region.item.id)}
          group={props.group}
        />
      ))}
    </>
  );
});
