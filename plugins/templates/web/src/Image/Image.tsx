import { useEffect, useReducer, useRef, useState } from 'react';
import type Konva from 'konva';
import { Group, Image as KonvaImage, Layer, Stage } from 'react-konva';

import {
  controlOptions,
  defineObjectTag,
  resolveData,
  useAnnotationState,
} from '@labelcore/plugin-api';
import type { ConfigNode, Point, RegionTool, TagProps } from '@labelcore/plugin-api';

import { IDLE, drawReducer, panOffset } from './drawState';
import { nextZoom, zoomAbout } from './geometry';

const MAX_STAGE_HEIGHT = 620;
const BACKGROUND = 'lc-image-background';

function useLoadedImage(src: string): { image: HTMLImageElement | null; error: string | null } {
  const [loaded, setLoaded] = useState<{ image: HTMLImageElement | null; error: string | null }>({
    image: null,
    error: null,
  });

  useEffect(() => {
    if (!src) {
      setLoaded({ image: null, error: 'The task has no image URL for this tag.' });
      return undefined;
    }
    let live = true;
    const image = new window.Image();
    image.onload = () => live && setLoaded({ image, error: null });
    image.onerror = () =>
      live && setLoaded({ image: null, error: `The image ${src} did not load.` });
    image.src = src;
    return () => {
      live = false;
    };
  }, [src]);

  return loaded;
}

function useWidth(element: HTMLElement | null): number {
  const [width, setWidth] = useState(0);
  useEffect(() => {
    if (!element) return undefined;
    setWidth(element.clientWidth);
    const observer = new ResizeObserver(() => setWidth(element.clientWidth));
    observer.observe(element);
    return () => observer.disconnect();
  }, [element]);
  return width;
}

function useSpaceHeld(): boolean {
  const [held, setHeld] = useState(false);
  useEffect(() => {
    const down = (event: KeyboardEvent) => {
      if (event.code === 'Space' && !(event.target instanceof HTMLTextAreaElement)) setHeld(true);
    };
    const up = (event: KeyboardEvent) => event.code === 'Space' && setHeld(false);
    window.addEventListener('keydown', down);
    window.addEventListener('keyup', up);
    return () => {
      window.removeEventListener('keydown', down);
      window.removeEventListener('keyup', up);
    };
  }, []);
  return held;
}

interface ToolOfControl {
  control: ConfigNode;
  tool: RegionTool;
}

function ImageTag({ node, task, store, config, regionToolFor, readOnly }: TagProps) {
  const name = node.attrs.name ?? '';
  const src = String(resolveData(task.data, node.attrs.value ?? '') ?? '');
  const { image, error } = useLoadedImage(src);
  const [container, setContainer] = useState<HTMLDivElement | null>(null);
  const width = useWidth(container);
  const state = useAnnotationState(store);
  const spaceHeld = useSpaceHeld();
  const [zoom, setZoom] = useState(1);
  const [offset, setOffset] = useState<Point>({ x: 0, y: 0 });
  const [draw, dispatch] = useReducer(drawReducer, IDLE);
  const stage = useRef<Konva.Stage>(null);

  const tools: ToolOfControl[] = config.controlsFor(name).flatMap((control) => {
    const tool = regionToolFor(control.tag, 'Image');
    return tool ? [{ control, tool }] : [];
  });
  // A control is drawing when it has an active label; '' is a control without labels
  // (Rectangle) switched on.
  const isDrawing = (control: ConfigNode) =>
    typeof state.activeLabels[control.attrs.name ?? ''] === 'string';
  const active = tools.find(({ control }) => isDrawing(control));
  const activeLabel = active ? (state.activeLabels[active.control.attrs.name ?? ''] ?? null) : null;
  const drawing = activeLabel !== null;

  useEffect(() => {
    setZoom(1);
    setOffset({ x: 0, y: 0 });
  }, [src]);

  const size = image ? { width: image.naturalWidth, height: image.naturalHeight } : null;
  const fit = size && width ? Math.min(width / size.width, MAX_STAGE_HEIGHT / size.height) : 1;
  const scale = fit * zoom;
  const stageHeight = size ? Math.round(size.height * fit) : 240;
  // The stage is as wide as the fitted image, so no empty canvas shows beside a tall photo.
  const stageWidth = size ? Math.min(width, Math.round(size.width * fit)) : width;

  const colorOf = (control: ConfigNode, label: string | undefined) => {
    const option = controlOptions(control, 'Label', config).find((item) => item.value === label);
    return option?.color ?? '#4f46e5';
  };

  const pointer = (): { screen: Point; point: Point } | null => {
    const position = stage.current?.getPointerPosition();
    if (!position) return null;
    return {
      screen: position,
      point: { x: (position.x - offset.x) / scale, y: (position.y - offset.y) / scale },
    };
  };

  const press = (event: Konva.KonvaEventObject<PointerEvent>) => {
    // Only the image and the empty stage start a drag: a press on a region or on the
    // handles of the selected one belongs to them.
    const target = event.target;
    if (target !== target.getStage() && target.name() !== BACKGROUND) return;
    const at = pointer();
    if (!at) return;
    store.select(null);
    dispatch({
      type: 'press',
      ...at,
      offset,
      canDraw: Boolean(active) && drawing && !readOnly,
      pan: spaceHeld || event.evt.button === 1,
    });
  };

  const move = () => {
    const at = pointer();
    if (!at) return;
    const panned = panOffset(draw, at.screen);
    if (panned) setOffset(panned);
    dispatch({ type: 'move', ...at });
  };

  const release = () => {
    if (draw.mode === 'drawing' && active && activeLabel !== null && size) {
      const geometry = active.tool.valueFromDraft(draw.draft, size);
      const labeled = controlOptions(active.control, 'Label', config).length > 0;
      if (geometry) {
        const added = store.add({
          from_name: active.control.attrs.name ?? '',
          to_name: name,
          type: active.tool.resultType,
          value: labeled ? { ...geometry, [active.tool.resultType]: [activeLabel] } : geometry,
          origin: 'manual',
          original_width: size.width,
          original_height: size.height,
          image_rotation: 0,
        });
        store.select(added.id);
      }
    }
    dispatch({ type: 'release' });
  };

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

  const regions = state.results.flatMap((item) => {
    if (item.to_name !== name) return [];
    const owner = tools.find(
      ({ control, tool }) => control.attrs.name === item.from_name && tool.resultType === item.type,
    );
    return owner ? [{ item, ...owner }] : [];
  });

  const cursor =
    draw.mode === 'panning' ? 'grabbing' : spaceHeld || !drawing ? 'grab' : 'crosshair';

  return (
    <div className="lc-image" data-name={name}>
      <div className="lc-image-toolbar">
        <button type="button" onClick={() => zoomBy(1 / 1.25)} aria-label="Zoom out">
          −
        </button>
        <span className="lc-image-zoom">{Math.round(zoom * 100)}%</span>
        <button type="button" onClick={() => zoomBy(1.25)} aria-label="Zoom in">
          +
        </button>
        <button
          type="button"
          onClick={() => {
            setZoom(1);
            setOffset({ x: 0, y: 0 });
          }}
        >
          Fit
        </button>
        <span className="lc-image-hint">
          {drawing
            ? `Drag to draw ${activeLabel ? `“${activeLabel}”` : 'a box'} · Space+drag or wheel to pan and zoom`
            : tools.length > 0
              ? 'Pick a label to draw boxes · drag to pan · wheel to zoom'
              : 'Drag to pan · wheel to zoom'}
        </span>
      </div>
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
            onPointerLeave={() => draw.mode !== 'idle' && release()}
            onWheel={wheel}
          >
            <Layer>
              <Group x={offset.x} y={offset.y} scaleX={scale} scaleY={scale}>
                <KonvaImage
                  name={BACKGROUND}
                  image={image}
                  width={size.width}
                  height={size.height}
                />
                {regions.map(({ item, control, tool }) => {
                  const label = (item.value[tool.resultType] as string[] | undefined)?.[0] ?? '';
                  return (
                    <tool.Shape
                      key={item.id}
                      item={item}
                      size={size}
                      scale={scale}
                      selected={state.selectedId === item.id}
                      color={colorOf(control, label)}
                      label={label}
                      readOnly={readOnly}
                      onSelect={() => store.select(item.id)}
                      onChange={(value) => store.update(item.id, value)}
                    />
                  );
                })}
                {draw.mode === 'drawing' && active && (
                  <active.tool.DraftShape
                    draft={draw.draft}
                    size={size}
                    scale={scale}
                    color={colorOf(active.control, activeLabel ?? undefined)}
                  />
                )}
              </Group>
            </Layer>
          </Stage>
        )}
      </div>
    </div>
  );
}

export const imageRenderer = defineObjectTag({
  component: ImageTag,
  description: 'An image on a canvas: zoom, pan, and regions drawn by region tools.',
});
