import { useEffect, useRef, useState } from 'react';
import type Konva from 'konva';
import { Layer, Rect, Stage } from 'react-konva';

import {
  defineControlTag,
  defineObjectTag,
  resolveData,
  useAnnotationState,
  useHotkey,
  withAlpha,
} from '@labelcore/plugin-api';
import type { ResultItem, TagProps } from '@labelcore/plugin-api';

import { boxTool } from '../Image/rectangleTool';
import { isBigEnough, rectFromDrag, toPercent } from '../Image/geometry';
import { spanLabelsRenderer } from '../Labels/Labels';
import { regionColor } from '../shared/spanColors';
import { boxAt, withKeyframe } from './keyframes';
import type { Keyframe } from './keyframes';

const BoxShape = boxTool('videorectangle').Shape;

function useVideoSize(video: HTMLVideoElement | null) {
  const [size, setSize] = useState({ width: 0, height: 0 });
  useEffect(() => {
    if (!video) return undefined;
    const measure = () => setSize({ width: video.clientWidth, height: video.clientHeight });
    const observer = new ResizeObserver(measure);
    observer.observe(video);
    video.addEventListener('loadedmetadata', measure);
    return () => {
      observer.disconnect();
      video.removeEventListener('loadedmetadata', measure);
    };
  }, [video]);
  return size;
}

/**
 * A video played frame by frame, with VideoRectangle tracks drawn over it (keyframes, and
 * boxes blended between them) and TimelineLabels ranges on a timeline under it.
 */
function VideoTag({ node, task, store, config, readOnly }: TagProps) {
  const name = node.attrs.name ?? '';
  const src = String(resolveData(task.data, node.attrs.value ?? '') ?? '');
  const fps = Number(node.attrs.framerate ?? 24) || 24;
  const [video, setVideo] = useState<HTMLVideoElement | null>(null);
  const [frame, setFrame] = useState(1);
  const [duration, setDuration] = useState(0);
  const [drag, setDrag] = useState<{
    start: { x: number; y: number };
    current: { x: number; y: number };
  } | null>(null);
  const [range, setRange] = useState<{ from: number; to: number } | null>(null);
  const timeline = useRef<HTMLDivElement>(null);
  const state = useAnnotationState(store);
  const size = useVideoSize(video);
  const frames = Math.max(1, Math.round(duration * fps));

  const controls = config.controlsFor(name);
  const tracker = controls.find((control) => control.tag === 'VideoRectangle');
  const labelers = controls.filter((control) => control.tag === 'Labels');
  const timelines = controls.filter((control) => control.tag === 'TimelineLabels');
  const activeLabeler = labelers.find((control) => state.activeLabels[control.attrs.name ?? '']);
  const activeTimeline = timelines.find((control) => state.activeLabels[control.attrs.name ?? '']);
  const boxLabel = activeLabeler ? state.activeLabels[activeLabeler.attrs.name ?? ''] : null;
  const tracks = state.results.filter(
    (item) => item.to_name === name && item.type === 'videorectangle',
  );
  const ranges = state.results.filter(
    (item) => item.to_name === name && item.type === 'timelinelabels',
  );

  useEffect(() => {
    if (!video) return undefined;
    const sync = () => setFrame(Math.min(frames, Math.floor(video.currentTime * fps + 1e-6) + 1));
    const meta = () => setDuration(video.duration || 0);
    let handle = 0;
    const follow = () => {
      sync();
      handle = video.requestVideoFrameCallback(follow);
    };
    handle = video.requestVideoFrameCallback(follow);
    video.addEventListener('timeupdate', sync);
    video.addEventListener('seeked', sync);
    video.addEventListener('loadedmetadata', meta);
    return () => {
      video.cancelVideoFrameCallback(handle);
      video.removeEventListener('timeupdate', sync);
      video.removeEventListener('seeked', sync);
      video.removeEventListener('loadedmetadata', meta);
    };
  }, [video, fps, frames]);

  const seekFrame = (target: number) => {
    if (!video) return;
    const clamped = Math.max(1, Math.min(frames, target));
    video.pause();
    video.currentTime = (clamped - 1) / fps + 0.5 / fps;
    setFrame(clamped);
  };
  useHotkey('alt+arrowleft', () => seekFrame(frame - 1));
  useHotkey('alt+arrowright', () => seekFrame(frame + 1));

  const natural = { width: size.width || 1, height: size.height || 1 };
  const keyframeAt = (box: {
    x: number;
    y: number;
    width: number;
    height: number;
    rotation: number;
  }): Keyframe => ({
    frame,
    enabled: true,
    time: (frame - 1) / fps,
    ...box,
  });

  const release = () => {
    if (!drag || !tracker) return;
    setDrag(null);
    const box = rectFromDrag(drag.start, drag.current, natural);
    if (!isBigEnough(box)) return;
    const percent = toPercent(box, natural);
    store.add({
      from_name: tracker.attrs.name ?? '',
      to_name: name,
      type: 'videorectangle',
      value: {
        sequence: [keyframeAt(percent)],
        framesCount: frames,
        duration,
        ...(boxLabel ? { labels: [boxLabel] } : {}),
      },
      origin: 'manual',
    });
  };

  const canDraw = Boolean(tracker) && !readOnly && (labelers.length === 0 || Boolean(boxLabel));
  const frameAtPointer = (clientX: number) => {
    const bar = timeline.current?.getBoundingClientRect();
    if (!bar) return frame;
    return Math.max(
      1,
      Math.min(frames, Math.round(((clientX - bar.left) / bar.width) * frames) + 1),
    );
  };

  return (
    <div className="lc-video" data-name={name}>
      <div className="lc-video-frame">
        <video
          ref={setVideo}
          src={src}
          preload="auto"
          muted={node.attrs.muted === 'true'}
          playsInline
          className="lc-video-element"
        />
        {size.width > 0 && tracker && (
          <Stage
            className="lc-video-overlay"
            width={size.width}
            height={size.height}
            style={{ cursor: canDraw ? 'crosshair' : 'default' }}
            onPointerDown={(event: Konva.KonvaEventObject<PointerEvent>) => {
              if (event.target !== event.target.getStage() || !canDraw) return;
              store.select(null);
              const at = event.target.getStage()?.getPointerPosition();
              if (at) setDrag({ start: at, current: at });
            }}
            onPointerMove={(event: Konva.KonvaEventObject<PointerEvent>) => {
              const at = event.target.getStage()?.getPointerPosition();
              if (drag && at) setDrag({ ...drag, current: at });
            }}
            onPointerUp={release}
          >
            <Layer>
              {tracks.map((item: ResultItem) => {
                const sequence = (item.value.sequence as Keyframe[] | undefined) ?? [];
                const box = boxAt(sequence, frame);
                if (!box || state.hiddenIds.includes(item.id)) return null;
                const color = regionColor(item, config, task);
                return (
                  <BoxShape
                    key={item.id}
                    item={{ ...item, value: { ...box } }}
                    size={natural}
                    scale={1}
                    selected={state.selectedId === item.id}
                    color={color}
                    label={(item.value.labels as string[] | undefined)?.[0] ?? ''}
                    readOnly={readOnly || state.lockedIds.includes(item.id)}
                    onSelect={() => store.select(item.id)}
                    onChange={(value) => {
                      const moved = keyframeAt({
                        x: value.x as number,
                        y: value.y as number,
                        width: value.width as number,
                        height: value.height as number,
                        rotation: (value.rotation as number) ?? 0,
                      });
                      store.update(
                        item.id,
                        { ...item.value, sequence: withKeyframe(sequence, moved) },
                        item.from_name,
                      );
                    }}
                  />
                );
              })}
              {drag && (
                <Rect
                  {...rectFromDrag(drag.start, drag.current, natural)}
                  stroke="#4f46e5"
                  dash={[6, 4]}
                  fill={withAlpha('#4f46e5', 0.1)}
                  listening={false}
                />
              )}
            </Layer>
          </Stage>
        )}
      </div>
      <div className="lc-video-bar">
        <button type="button" aria-label="Previous frame" onClick={() => seekFrame(frame - 1)}>
          ⏮
        </button>
        <button
          type="button"
          aria-label={video?.paused === false ? 'Pause' : 'Play'}
          onClick={() => (video?.paused ? void video.play() : video?.pause())}
        >
          ⏯
        </button>
        <button type="button" aria-label="Next frame" onClick={() => seekFrame(frame + 1)}>
          ⏭
        </button>
        <span className="lc-video-frame-number" aria-live="polite">
          Frame {frame} / {frames}
        </span>
        {state.selectedId && tracks.some((item) => item.id === state.selectedId) && (
          <button
            type="button"
            onClick={() => {
              const item = tracks.find((each) => each.id === state.selectedId);
              const sequence = (item?.value.sequence as Keyframe[] | undefined) ?? [];
              const box = boxAt(sequence, frame);
              if (item && box) {
                store.update(
                  item.id,
                  {
                    ...item.value,
                    sequence: withKeyframe(sequence, { ...box, frame, enabled: false }),
                  },
                  item.from_name,
                );
              }
            }}
          >
            End track here
          </button>
        )}
      </div>
      {timelines.length > 0 && (
        <div
          ref={timeline}
          className="lc-timeline"
          aria-label="Timeline"
          onPointerDown={(event) => {
            if (!activeTimeline || readOnly) {
              seekFrame(frameAtPointer(event.clientX));
              return;
            }
            const at = frameAtPointer(event.clientX);
            setRange({ from: at, to: at });
            event.currentTarget.setPointerCapture(event.pointerId);
          }}
          onPointerMove={(event) =>
            range && setRange({ ...range, to: frameAtPointer(event.clientX) })
          }
          onPointerUp={() => {
            if (!range || !activeTimeline) return;
            setRange(null);
            const start = Math.min(range.from, range.to);
            const end = Math.max(range.from, range.to);
            store.add({
              from_name: activeTimeline.attrs.name ?? '',
              to_name: name,
              type: 'timelinelabels',
              value: {
                ranges: [{ start, end }],
                timelinelabels: [state.activeLabels[activeTimeline.attrs.name ?? '']],
              },
              origin: 'manual',
            });
          }}
        >
          <div
            className="lc-timeline-cursor"
            style={{ left: `${((frame - 1) / frames) * 100}%` }}
          />
          {ranges.map((item) =>
            ((item.value.ranges as { start: number; end: number }[] | undefined) ?? []).map(
              (part, index) => (
                <button
                  key={`${item.id}:${index}`}
                  type="button"
                  className="lc-timeline-range"
                  data-region-id={item.id}
                  title={(item.value.timelinelabels as string[] | undefined)?.join(', ')}
                  style={{
                    left: `${((part.start - 1) / frames) * 100}%`,
                    width: `${(Math.max(1, part.end - part.start + 1) / frames) * 100}%`,
                    background: withAlpha(regionColor(item, config, task), 0.6),
                  }}
                  onPointerDown={(event) => event.stopPropagation()}
                  onClick={() => store.select(item.id)}
                />
              ),
            ),
          )}
          {range && (
            <div
              className="lc-timeline-range lc-timeline-draft"
              style={{
                left: `${((Math.min(range.from, range.to) - 1) / frames) * 100}%`,
                width: `${((Math.abs(range.to - range.from) + 1) / frames) * 100}%`,
              }}
            />
          )}
        </div>
      )}
      <p className="lc-image-hint">
        {tracker && (labelers.length === 0 || boxLabel)
          ? 'Drag on the video to start a track; move the box on later frames to add keyframes.'
          : tracker
            ? 'Pick a label to draw tracks.'
            : ''}
        {activeTimeline ? ' Drag on the timeline to mark frames.' : ''} Alt+← and Alt+→ step one
        frame.
      </p>
    </div>
  );
}

export const videoRenderer = defineObjectTag({
  component: VideoTag,
  description: 'A video stepped frame by frame, with tracks of boxes and timeline ranges.',
});

export const videoRectangleRenderer = defineControlTag({
  component: ({ node }: TagProps) => (
    <p className="lc-image-hint" data-name={node.attrs.name}>
      Tracks on ‘{node.attrs.toName}’: drag on the video to draw one.
    </p>
  ),
  resultType: 'videorectangle',
  createsRegions: true,
  description: 'Boxes that follow an object through a video, by keyframes.',
});

export const timelineLabelsRenderer = spanLabelsRenderer(
  'timelinelabels',
  'Labels for ranges of frames of a video, marked on its timeline.',
);
