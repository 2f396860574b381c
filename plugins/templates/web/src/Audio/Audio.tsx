import { useEffect, useRef, useState } from 'react';

import {
  controlOptions,
  defineObjectTag,
  resolveData,
  setRegionAnchor,
  useAnnotationState,
  withAlpha,
} from '@labelcore/plugin-api';
import type { TagProps } from '@labelcore/plugin-api';

import { regionColor } from '../shared/spanColors';

type WaveSurfer = import('wavesurfer.js').default;
type Regions = ReturnType<(typeof import('wavesurfer.js/plugins/regions'))['default']['create']>;

const SPEEDS = [0.5, 0.75, 1, 1.25, 1.5, 2];
const round = (seconds: number) => Math.round(seconds * 1000) / 1000;

/**
 * Audio as a waveform (wavesurfer.js, loaded with the first audio on screen): zoom, speed,
 * and regions in seconds drawn by dragging with a label picked.
 */
function AudioTag({ node, task, store, config, readOnly }: TagProps) {
  const name = node.attrs.name ?? '';
  const src = String(resolveData(task.data, node.attrs.value ?? '') ?? '');
  const container = useRef<HTMLDivElement>(null);
  const player = useRef<{ wave: WaveSurfer; regions: Regions } | null>(null);
  const [ready, setReady] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [playing, setPlaying] = useState(false);
  const [speed, setSpeed] = useState(1);
  const [zoom, setZoom] = useState(0);
  const state = useAnnotationState(store);
  const latest = useRef({ state, readOnly });
  latest.current = { state, readOnly };

  const labelers = config
    .controlsFor(name)
    .filter((control) => controlOptions(control, 'Label', config, task).length > 0);
  const spans = state.results.filter(
    (item) =>
      item.to_name === name &&
      typeof item.value.start === 'number' &&
      !state.hiddenIds.includes(item.id),
  );

  useEffect(() => {
    if (!src || !container.current) return undefined;
    let live = true;
    let made: WaveSurfer | null = null;
    void (async () => {
      const [{ default: WaveSurferClass }, { default: RegionsPlugin }] = await Promise.all([
        import('wavesurfer.js'),
        import('wavesurfer.js/plugins/regions'),
      ]);
      if (!live || !container.current) return;
      const regions = RegionsPlugin.create();
      const wave = WaveSurferClass.create({
        container: container.current,
        url: src,
        height: Number(node.attrs.height ?? 96) || 96,
        waveColor: '#a5b4fc',
        progressColor: '#4f46e5',
        cursorColor: '#111827',
        plugins: [regions],
      });
      made = wave;
      player.current = { wave, regions };
      wave.on('ready', () => live && setReady(true));
      wave.on(
        'error',
        (caught) =>
          live && setError(`The audio ${src.slice(0, 80)} did not load: ${String(caught)}`),
      );
      wave.on('play', () => setPlaying(true));
      wave.on('pause', () => setPlaying(false));
      regions.enableDragSelection({ color: 'rgba(79, 70, 229, 0.2)' });
      regions.on('region-created', (region) => {
        if (region.id.startsWith('lc:')) return;
        region.remove();
        const { state: now, readOnly: locked } = latest.current;
        const control = labelers.find((each) => now.activeLabels[each.attrs.name ?? '']);
        if (!control || locked || region.end - region.start < 0.01) return;
        const type = control.tag.toLowerCase();
        store.add({
          from_name: control.attrs.name ?? '',
          to_name: name,
          type,
          value: {
            start: round(region.start),
            end: round(region.end),
            channel: 0,
            [type]: [now.activeLabels[control.attrs.name ?? '']],
          },
          origin: 'manual',
        });
      });
      regions.on('region-updated', (region) => {
        const id = region.id.slice(3);
        const item = store.regionOf(id);
        if (item)
          store.update(
            id,
            { ...item.value, start: round(region.start), end: round(region.end) },
            item.from_name,
          );
      });
      regions.on('region-clicked', (region, event) => {
        event.stopPropagation();
        store.select(region.id.slice(3));
      });
    })().catch(
      (caught: unknown) => live && setError(`The waveform could not start: ${String(caught)}`),
    );
    return () => {
      live = false;
      made?.destroy();
      player.current = null;
      setReady(false);
    };
    // One waveform per audio file; labels and store are read through refs.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [src]);

  // The waveform's regions follow the store.
  useEffect(() => {
    const regions = player.current?.regions;
    if (!regions || !ready) return;
    regions.clearRegions();
    for (const item of spans) {
      const color = regionColor(item, config, task);
      const drawn = regions.addRegion({
        id: `lc:${item.id}`,
        start: item.value.start as number,
        end: item.value.end as number,
        color: withAlpha(color, state.selectedId === item.id ? 0.45 : 0.25),
        drag: !readOnly,
        resize: !readOnly,
        content: (item.value[item.type] as string[] | undefined)?.join(', '),
      });
      setRegionAnchor(item.id, () => drawn.element?.getBoundingClientRect() ?? null);
    }
  });

  useEffect(() => player.current?.wave.setPlaybackRate(speed), [speed]);
  useEffect(() => {
    if (ready) player.current?.wave.zoom(zoom);
  }, [zoom, ready]);

  return (
    <div className="lc-audio" data-name={name}>
      <div className="lc-audio-bar">
        <button
          type="button"
          onClick={() => void player.current?.wave.playPause()}
          disabled={!ready}
          aria-label={playing ? 'Pause' : 'Play'}
        >
          {playing ? '❚❚' : '▶'}
        </button>
        <label>
          Speed
          <select
            aria-label="Playback speed"
            value={speed}
            onChange={(event) => setSpeed(Number(event.target.value))}
          >
            {SPEEDS.map((each) => (
              <option key={each} value={each}>
                {each}×
              </option>
            ))}
          </select>
        </label>
        <label>
          Zoom
          <input
            type="range"
            aria-label="Zoom the waveform"
            min={0}
            max={400}
            step={10}
            value={zoom}
            onChange={(event) => setZoom(Number(event.target.value))}
          />
        </label>
        <span className="lc-image-hint">
          {labelers.length > 0 ? 'Pick a label, then drag on the waveform to mark a region.' : ''}
        </span>
      </div>
      {error && <div className="lc-error">{error}</div>}
      {!ready && !error && <div className="lc-loading">Loading the waveform…</div>}
      <div ref={container} className="lc-waveform" data-ready={ready} />
    </div>
  );
}

export const audioRenderer = defineObjectTag({
  component: AudioTag,
  description: 'Audio as a waveform with zoom and speed; Labels mark regions in seconds.',
});
