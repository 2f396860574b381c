import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'react';
import Konva from 'konva';
import { Group, Image as KonvaImage, Layer, Line, Stage } from 'react-konva';

import { controlOptions, defineObjectTag, useAnnotationState } from '@labelcore/plugin-api';
import type {
  AnnotationStore,
  ConfigNode,
  Point,
  RegionTool,
  ResultItem,
  TagProps,
  ToolContext,
  ToolStep,
} from '@labelcore/plugin-api';

import { IDLE, drawReducer, panOffset } from './drawState';
import { nextZoom, zoomAbout } from './geometry';
import { RegionShapes } from './RegionShapes';
import type { PlacedRegion } from './RegionShapes';
import { ImageToolbar } from './Toolbar';
import type { ViewAdjustments } from './Toolbar';
import { imageUrls, useLoadedImage, useSpaceHeld, useWidth } from './useImageSource';

const MAX_STAGE_HEIGHT = 620;
const BACKGROUND = 'lc-image-background';
const NEUTRAL: ViewAdjustments = { rotation: 0, brightness: 0, contrast: 0, crosshair: false };

interface ToolOfControl {
  control: ConfigNode;
  tool: RegionTool;
  labeled: boolean;
}

/** The pixels of an image, for tools that look at colours (the magic wand). */
function pixelsOf(image: HTMLImageElement): ImageData | null {
  try {
    const canvas = document.createElement('canvas');
    canvas.width = image.naturalWidth;
    canvas.height = image.naturalHeight;
    const context = canvas.getContext('2d', { willReadFrequently: true });
    if (!context) return null;
    context.drawImage(image, 0, 0);
    return context.getImageData(0, 0, canvas.width, canvas.height);
  } catch {
    // A cross-origin image without CORS headers cannot be read; the tool says so.
    return null;
  }
}

/**
 * The view's rotation when the image opens: as set earlier in this annotation, else as the
 * annotation, draft or prediction being loaded was drawn, in quarter turns.
 */
function startingRotation(store: AnnotationStore, name: string): number {
  const set = store.imageRotationOf(name);
  const drawn = store
    .getState()
    .results.find((item) => item.to_name === name && typeof item.image_rotation === 'number');
  const degrees = set ?? drawn?.image_rotation ?? 0;
  return (((Math.round(degrees / 90) * 90) % 360) + 360) % 360;
}

function useImageFilters(node: Konva.Image | null, view: ViewAdjustments, image: unknown) {
  useEffect(() => {
    if (!node) return;
    if (view.brightness === 0 && view.contrast === 0) {
      node.clearCache();
      node.filters([]);
    } else {
      node.cache();
      node.filters([Konva.Filters.Brighten, Konva.Filters.Contrast]);
      node.brightness(view.brightness);
      node.contrast(view.contrast);
    }
    node.getLayer()?.batchDraw();
  }, [node, view.brightness, view.contrast, image]);
}

function ImageTag({ node, task, store, config, regionToolFor, readOnly }: TagProps) {
  const name = node.attrs.name ?? '';
  const { urls, isList } = imageUrls(node, task);
  const [page, setPage] = useState(0);
  const src = urls[page] ?? '';
  const { image, error } = useLoadedImage(src);
  const [container, setContainer] = useState<HTMLDivElement | null>(null);
  const width = useWidth(container);
  const state = useAnnotationState(store);
  const spaceHeld = useSpaceHeld();
  const [zoom, setZoom] = useState(1);
  const [offset, setOffset] = useState<Point>({ x: 0, y: 0 });
  const [view, setView] = useState<ViewAdjustments>(() => ({
    ...NEUTRAL,
    rotation: startingRotation(store, name),
  }));
  const changeView = (next: ViewAdjustments) => {
    if (next.rotation !== view.rotation) store.setImageRotation(name, next.rotation);
    setView(next);
  };
  const [pointerAt, setPointerAt] = useState<Point | null>(null);
  const [draw, dispatch] = useReducer(drawReducer, IDLE);
  const stage = useRef<Konva.Stage>(null);
  const group = useRef<Konva.Group>(null);
  const [imageNode, setImageNode] = useState<Konva.Image | null>(null);
  useImageFilters(imageNode, view, image);

  const tools = useMemo<ToolOfControl[]>(
    () =>
      config.controlsFor(name).flatMap((control) => {
        const tool = regionToolFor(control.tag, 'Image');
        const labeled = controlOptions(control, 'Label', config, task).length > 0;
        return tool ? [{ control, tool, labeled }] : [];
      }),
    [config, name, regionToolFor, task],
  );
  // A `Labels` control over the image labels the shapes of the tools without labels
  // (Rectangle, Polygon): each shape gets a `labels` item of its own with the same id.
  const shapeLabelers = useMemo(
    () => config.controlsFor(name).filter((control) => control.tag === 'Labels'),
    [config, name],
  );
  const shapeLabeler = shapeLabelers.find(
    (control) => typeof state.activeLabels[control.attrs.name ?? ''] === 'string',
  );
  const shapeLabel = shapeLabeler ? state.activeLabels[shapeLabeler.attrs.name ?? ''] : null;
  // The tool picked last draws; a label of Labels alone draws with the first plain tool.
  const picked = Object.entries(state.activeLabels)
    .filter(([, value]) => typeof value === 'string')
    .map(([control]) => tools.find((tool) => tool.control.attrs.name === control))
    .filter((tool): tool is ToolOfControl => tool !== undefined);
  const active =
    picked[picked.length - 1] ?? (shapeLabel ? tools.find((tool) => !tool.labeled) : undefined);
  const ownLabel = active ? state.activeLabels[active.control.attrs.name ?? ''] : null;
  const activeLabel = active ? (typeof ownLabel === 'string' ? ownLabel : '') : null;
  const drawing = activeLabel !== null && !readOnly;

  useEffect(() => {
    setZoom(1);
    setOffset({ x: 0, y: 0 });
    dispatch({ type: 'cancel' });
  }, [src]);

  const size = image ? { width: image.naturalWidth, height: image.naturalHeight } : null;
  const turned = view.rotation % 180 !== 0;
  const shown = size ? (turned ? { width: size.height, height: size.width } : size) : null;
  const fit = shown && width ? Math.min(width / shown.width, MAX_STAGE_HEIGHT / shown.height) : 1;
  const scale = fit * zoom;
  const stageHeight = shown ? Math.round(shown.height * fit) : 240;
  // The stage is as wide as the fitted image, so no empty canvas shows beside a tall photo.
  const stageWidth = shown ? Math.min(width, Math.round(shown.width * fit)) : width;
  const pixels = useMemo(
    () =>
      image && tools.some(({ control }) => control.tag === 'MagicWand') ? pixelsOf(image) : null,
    [image, tools],
  );

  const colors = useMemo(() => {
    const byControl = new Map<string, Map<string, string>>();
    for (const { control } of tools) {
      const options = controlOptions(control, 'Label', config, task);
      byControl.set(
        control.attrs.name ?? '',
        new Map(options.map((option) => [option.value, option.color])),
      );
    }
    return byControl;
  }, [tools, config, task]);
  const colorOf = useCallback(
    (control: ConfigNode, label: string | undefined) =>
      colors.get(control.attrs.name ?? '')?.get(label ?? '') ??
      control.attrs.strokeColor ??
      control.attrs.fillColor ??
      '#4f46e5',
    [colors],
  );

  const labelColor = useCallback(
    (control: ConfigNode, label: string) =>
      controlOptions(control, 'Label', config, task).find((option) => option.value === label)
        ?.color ?? '#4f46e5',
    [config, task],
  );
  const placedCache = useRef(new WeakMap<ResultItem, PlacedRegion>());
  const regions = useMemo(() => {
    const placed: PlacedRegion[] = [];
    const companions = new Map<string, ResultItem>();
    for (const item of state.results) {
      if (item.type === 'labels' && item.to_name === name) companions.set(item.id, item);
    }
    for (const item of state.results) {
      if (item.to_name !== name || state.hiddenIds.includes(item.id)) continue;
      if (isList ? (item.item_index ?? 0) !== page : false) continue;
      const owner = tools.find(
        ({ control, tool }) =>
          control.attrs.name === item.from_name && tool.resultType === item.type,
      );
      if (!owner) continue;
      const found = companions.get(item.id);
      const companion = found && found !== item ? found : undefined;
      const labelOwner = companion ? config.byName(companion.from_name) : undefined;
      const label =
        (item.value[owner.tool.resultType] as string[] | undefined)?.[0] ??
        (companion?.value.labels as string[] | undefined)?.[0] ??
        '';
      const color = labelOwner ? labelColor(labelOwner, label) : colorOf(owner.control, label);
      const cached = placedCache.current.get(item);
      if (
        cached &&
        cached.color === color &&
        cached.tool === owner.tool &&
        cached.label === label
      ) {
        placed.push(cached);
        continue;
      }
      const region = { item, tool: owner.tool, color, label };
      placedCache.current.set(item, region);
      placed.push(region);
    }
    return placed;
  }, [state.results, state.hiddenIds, name, isList, page, tools, colorOf, labelColor, config]);

  const toolContext = (): ToolContext | null => {
    if (!active || !size) return null;
    const selected = state.results.find(
      (item) =>
        item.id === state.selectedId &&
        item.from_name === active.control.attrs.name &&
        item.type === active.tool.resultType,
    );
    return {
      control: active.control,
      size,
      scale,
      selected: selected ?? null,
      label: activeLabel ?? '',
      pixels,
    };
  };

  const finish = (step: ToolStep, context: ToolContext) => {
    if (!step.value || !active || !size) return;
    const key = active.tool.resultType;
    if (step.replaceSelected && context.selected) {
      store.update(
        context.selected.id,
        { ...context.selected.value, ...step.value },
        context.selected.from_name,
      );
      return;
    }
    const added = store.add({
      from_name: active.control.attrs.name ?? '',
      to_name: name,
      type: key,
      value: active.labeled ? { ...step.value, [key]: [activeLabel] } : step.value,
      origin: 'manual',
      original_width: size.width,
      original_height: size.height,
      image_rotation: view.rotation,
      ...(isList ? { item_index: page } : {}),
    });
    if (!active.labeled && shapeLabeler && shapeLabel) {
      store.add({
        id: added.id,
        from_name: shapeLabeler.attrs.name ?? '',
        to_name: name,
        type: 'labels',
        value: { ...step.value, labels: [shapeLabel] },
        origin: 'manual',
        original_width: size.width,
        original_height: size.height,
        image_rotation: view.rotation,
        ...(isList ? { item_index: page } : {}),
      });
    }
    // A painting tool goes on painting the mask it made; other tools start afresh.
    if ('replaceSelected' in step) store.select(added.id);
  };

  const pointer = (): { screen: Point; point: Point } | null => {
    const position = stage.current?.getPointerPosition();
    const node = group.current;
    if (!position || !node) return null;
    const point = node.getAbsoluteTransform().copy().invert().point(position);
    return { screen: position, point };
  };

  const press = (event: Konva.KonvaEventObject<PointerEvent>) => {
    // Only the image and the empty stage start a drag: a press on a region or on the
    // handles of the selected one belongs to them.
    const target = event.target;
    if (target !== target.getStage() && target.name() !== BACKGROUND) return;
    const at = pointer();
    const context = toolContext();
    if (!at) return;
    const pan = spaceHeld || event.evt.button === 1;
    if (draw.mode !== 'drawing') store.select(null);
    const step =
      drawing && context && !pan
        ? active?.tool.press(draw.mode === 'drawing' ? draw.draft : null, at.point, context)
        : undefined;
    if (step && context && step.draft === null) finish(step, context);
    dispatch({
      type: 'press',
      screen: at.screen,
      offset,
      pan,
      draft: step ? step.draft : null,
    });
  };

  const move = () => {
    const at = pointer();
    if (!at) return;
    if (view.crosshair) setPointerAt(at.screen);
    const panned = panOffset(draw, at.screen);
    if (panned) setOffset(panned);
    if (draw.mode === 'drawing' && active) {
      const context = toolContext();
      if (!context) return;
      dispatch({ type: 'move', draft: active.tool.move(draw.draft, at.point, context).draft });
    }
  };

  const release = () => {
    const at = pointer();
    if (draw.mode === 'drawing' && draw.pressed && active && at) {
      const context = toolContext();
      if (context) {
        const step = active.tool.release(draw.draft, at.point, context);
        finish(step, context);
        dispatch({ type: 'release', draft: step.draft });
        return;
      }
    }
    if (draw.mode !== 'drawing') dispatch({ type: 'release', draft: null });
  };

  // Keys while drawing belong to the tool (Enter closes a polygon, Escape drops it).
  useEffect(() => {
    if (draw.mode !== 'drawing' || !active) return undefined;
    const onKeyDown = (event: KeyboardEvent) => {
      const context = toolContext();
      if (!context) return;
      const step = active.tool.key(draw.draft, event.key, context);
      if (!step) return;
      event.preventDefault();
      event.stopImmediatePropagation();
      finish(step, context);
      if (step.draft === null) dispatch({ type: 'cancel' });
      else dispatch({ type: 'move', draft: step.draft });
    };
    window.addEventListener('keydown', onKeyDown, { capture: true });
    return () => window.removeEventListener('keydown', onKeyDown, { capture: true });
  });

  const wheel = (event: Konva.KonvaEventObject<WheelEvent>) => {
    event.evt.preventDefault();
    const at = pointer();
    if (!at) return;
    const zoomed = nextZoom(zoom, event.evt.deltaY);
    setOffset(zoomAbout(at.screen, offset, fit * zoom, fit * zoomed));
    setZoom(zoomed);
  };

  const zoomBy = (factor: number) => {
    const center = { x: stageWidth / 2, y: stageHeight / 2 };
    const zoomed = Math.min(20, Math.max(0.25, zoom * factor));
    setOffset(zoomAbout(center, offset, fit * zoom, fit * zoomed));
    setZoom(zoomed);
  };

  const cursor =
    draw.mode === 'panning' ? 'grabbing' : spaceHeld || !drawing ? 'grab' : 'crosshair';
  const activeColor =
    shapeLabeler && shapeLabel && active && !active.labeled
      ? labelColor(shapeLabeler, shapeLabel)
      : active
        ? colorOf(active.control, activeLabel ?? undefined)
        : '#4f46e5';
  const hint = drawing
    ? `Draw ${activeLabel || shapeLabel ? `“${activeLabel || shapeLabel}”` : 'a region'} · Space+drag or wheel to pan and zoom`
    : tools.length > 0
      ? 'Pick a label to draw · drag to pan · wheel to zoom'
      : 'Drag to pan · wheel to zoom';

  return (
    <div className="lc-image" data-name={name}>
      <ImageToolbar
        zoom={zoom}
        onZoom={zoomBy}
        onFit={() => {
          setZoom(1);
          setOffset({ x: 0, y: 0 });
        }}
        view={view}
        onView={changeView}
        hint={hint}
        pages={isList ? { at: page, count: urls.length, go: setPage } : null}
      />
      <div className="lc-image-canvas" ref={setContainer} style={{ height: stageHeight }}>
        {error && <div className="lc-error">{error}</div>}
        {image && size && width > 0 && (
          <Stage
            ref={stage}
            className="lc-image-stage"
            style={{ cursor, width: stageWidth }}
            width={stageWidth}
            height={stageHeight}
            onPointerDown={press}
            onPointerMove={move}
            onPointerUp={release}
            onPointerLeave={() => {
              setPointerAt(null);
              if (draw.mode === 'panning' || (draw.mode === 'drawing' && draw.pressed)) release();
            }}
            onWheel={wheel}
          >
            <Layer>
              <Group
                ref={group}
                x={offset.x + ((shown?.width ?? 0) * scale) / 2}
                y={offset.y + ((shown?.height ?? 0) * scale) / 2}
                offsetX={size.width / 2}
                offsetY={size.height / 2}
                rotation={view.rotation}
                scaleX={scale}
                scaleY={scale}
              >
                <KonvaImage
                  ref={setImageNode}
                  name={BACKGROUND}
                  image={image}
                  width={size.width}
                  height={size.height}
                />
                <RegionShapes
                  regions={regions}
                  store={store}
                  size={size}
                  scale={scale}
                  selectedId={state.selectedId}
                  lockedIds={state.lockedIds}
                  readOnly={readOnly}
                  group={group}
                />
                {draw.mode === 'drawing' && active && (
                  <active.tool.DraftShape
                    draft={draw.draft}
                    size={size}
                    scale={scale}
                    color={activeColor}
                  />
                )}
              </Group>
            </Layer>
            {view.crosshair && pointerAt && (
              <Layer listening={false}>
                <Line
                  points={[0, pointerAt.y, stageWidth, pointerAt.y]}
                  stroke="#ef4444"
                  strokeWidth={1}
                  dash={[4, 4]}
                />
                <Line
                  points={[pointerAt.x, 0, pointerAt.x, stageHeight]}
                  stroke="#ef4444"
                  strokeWidth={1}
                  dash={[4, 4]}
                />
              </Layer>
            )}
          </Stage>
        )}
      </div>
    </div>
  );
}

export const imageRenderer = defineObjectTag({
  component: ImageTag,
  description:
    'An image on a canvas: zoom, pan, rotate, brightness and contrast, several images per ' +
    'task (valueList), and regions drawn by region tools.',
});
