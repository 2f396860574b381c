import { useEffect, useMemo, useRef, useState } from 'react';

import {
  controlOptions,
  defineChildTag,
  defineObjectTag,
  useAnnotationState,
  withAlpha,
} from '@labelcore/plugin-api';
import type { TagProps } from '@labelcore/plugin-api';

import { spanLabelsRenderer } from '../Labels/Labels';
import { regionColor } from '../shared/spanColors';
import { columnsInTask, nearestRaw, parseCsv, seriesOf } from './series';
import type { Series } from './series';

type UPlot = import('uplot');

function installChartStyles(css: string): void {
  if (document.getElementById('labelcore-uplot')) return;
  const style = document.createElement('style');
  style.id = 'labelcore-uplot';
  style.textContent = css;
  document.head.appendChild(style);
}

function useColumns(node: TagProps['node'], task: TagProps['task']) {
  const inTask = useMemo(() => columnsInTask(node, task), [node, task]);
  const [fetched, setFetched] = useState<Record<string, unknown[]> | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (typeof inTask !== 'string') return;
    fetch(inTask)
      .then((answer) =>
        answer.ok ? answer.text() : Promise.reject(new Error(`answered ${answer.status}`)),
      )
      .then((text) => setFetched(parseCsv(text, node.attrs.sep ?? ',')))
      .catch((caught: Error) =>
        setError(`The time series at ${inTask.slice(0, 80)} did not load: ${caught.message}.`),
      );
  }, [inTask, node.attrs.sep]);
  if (typeof inTask === 'string') return { columns: fetched, error };
  return { columns: inTask, error: inTask ? null : 'The task has no time series for this tag.' };
}

/**
 * Channels of a time series on one shared time axis, drawn by uPlot (loaded with the first
 * series on screen; it keeps 100,000 points fluid). The overview under them zooms by
 * brushing; with a TimeSeriesLabels label picked, a drag marks a range (a click an instant).
 */
function TimeSeriesTag({ node, task, store, config, readOnly }: TagProps) {
  const name = node.attrs.name ?? '';
  const { columns, error } = useColumns(node, task);
  const series: Series | null = useMemo(
    () => (columns ? seriesOf(node, columns) : null),
    [node, columns],
  );
  const holder = useRef<HTMLDivElement>(null);
  const overview = useRef<HTMLDivElement>(null);
  const plots = useRef<UPlot[]>([]);
  const [width, setWidth] = useState(600);
  const state = useAnnotationState(store);
  const latest = useRef(state);
  latest.current = state;
  const labelers = config
    .controlsFor(name)
    .filter((control) => controlOptions(control, 'Label', config, task).length > 0);
  const regions = state.results.filter(
    (item) => item.to_name === name && item.type === 'timeserieslabels',
  );

  useEffect(() => {
    const element = holder.current;
    if (!element) return undefined;
    const observer = new ResizeObserver(() => setWidth(Math.max(200, element.clientWidth)));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    const element = holder.current;
    const small = overview.current;
    if (!series || !element || !small) return undefined;
    let live = true;
    void (async () => {
      const [{ default: UPlotClass }, { default: css }] = await Promise.all([
        import('uplot'),
        import('uplot/dist/uPlot.min.css?inline'),
      ]);
      installChartStyles(css as string);
      if (!live) return;
      element.replaceChildren();
      small.replaceChildren();
      const sync = UPlotClass.sync(`lc-${name}`);
      const markRange = (plot: UPlot) => {
        const { left, width: selected } = plot.select;
        const now = latest.current;
        const control = labelers.find((each) => now.activeLabels[each.attrs.name ?? '']);
        if (!control || readOnly) return;
        const start = plot.posToVal(left, 'x');
        const end = plot.posToVal(left + selected, 'x');
        const instant = selected < 2;
        store.add({
          from_name: control.attrs.name ?? '',
          to_name: name,
          type: 'timeserieslabels',
          value: {
            start: nearestRaw(series, start),
            end: nearestRaw(series, instant ? start : end),
            instant,
            timeserieslabels: [now.activeLabels[control.attrs.name ?? '']],
          },
          origin: 'manual',
        });
        plot.setSelect({ left: 0, width: 0, top: 0, height: 0 }, false);
      };
      const drawRegions = (plot: UPlot) => {
        const context = plot.ctx;
        const { top, height } = plot.bbox;
        for (const item of latest.current.results.filter(
          (each) => each.to_name === name && each.type === 'timeserieslabels',
        )) {
          const at = (raw: unknown) => {
            const index = series.rawTimes.indexOf(raw as string | number);
            return plot.valToPos(index >= 0 ? (series.times[index] ?? 0) : Number(raw), 'x', true);
          };
          const left = at(item.value.start);
          const right = Math.max(left + 2, at(item.value.end));
          context.fillStyle = withAlpha(
            regionColor(item, config, task),
            latest.current.selectedId === item.id ? 0.4 : 0.22,
          );
          context.fillRect(left, top, right - left, height);
        }
      };
      plots.current = series.channels.map(
        (channel) =>
          new UPlotClass(
            {
              width,
              height: Number(node.attrs.height ?? 140) || 140,
              cursor: { sync: { key: sync.key }, drag: { x: true, y: false, setScale: false } },
              scales: {
                x: { time: Boolean(node.attrs.timeFormat) || (series.times[0] ?? 0) > 1e11 },
              },
              series: [{}, { label: channel.title, stroke: channel.color, width: 1.25 }],
              legend: { show: true },
              hooks: { setSelect: [markRange], draw: [drawRegions] },
            },
            [series.times, channel.values],
            element,
          ),
      );
      // The overview: the first channel small, where brushing sets the range of every plot.
      new UPlotClass(
        {
          width,
          height: 70,
          cursor: { drag: { x: true, y: false, setScale: false }, points: { show: false } },
          legend: { show: false },
          axes: [{}, { show: false }],
          series: [{}, { stroke: '#9ca3af', width: 1 }],
          hooks: {
            setSelect: [
              (plot: UPlot) => {
                const { left, width: selected } = plot.select;
                if (selected < 2) {
                  for (const each of plots.current)
                    each.setScale('x', {
                      min: series.times[0] ?? 0,
                      max: series.times[series.times.length - 1] ?? 0,
                    });
                  return;
                }
                const min = plot.posToVal(left, 'x');
                const max = plot.posToVal(left + selected, 'x');
                for (const each of plots.current) each.setScale('x', { min, max });
              },
            ],
          },
        },
        [series.times, series.channels[0]?.values ?? []],
        small,
      );
    })();
    return () => {
      live = false;
      for (const plot of plots.current) plot.destroy();
      plots.current = [];
    };
    // Plots are rebuilt for new data or width; regions are drawn from a ref.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [series, width]);

  useEffect(() => {
    for (const plot of plots.current) plot.redraw(false, false);
  }, [regions, state.selectedId]);

  return (
    <div className="lc-timeseries" data-name={name}>
      {error && <div className="lc-error">{error}</div>}
      <div ref={holder} className="lc-timeseries-plots" />
      <div ref={overview} className="lc-timeseries-overview" aria-label="Overview: brush to zoom" />
      <p className="lc-image-hint">
        Brush the overview to zoom
        {labelers.length > 0
          ? '; pick a label, then drag on a channel to mark a range, or click for an instant'
          : ''}
        .
      </p>
    </div>
  );
}

export const timeSeriesRenderer = defineObjectTag({
  component: TimeSeriesTag,
  description: 'Channels of a time series on a shared axis with an overview; ranges and instants.',
});
export const channelRenderer = defineChildTag({ description: 'One column of a TimeSeries.' });
export const multiChannelRenderer = defineChildTag({
  description: 'Channels of a TimeSeries shown together.',
});
export const timeSeriesLabelsRenderer = spanLabelsRenderer(
  'timeserieslabels',
  'Labels for ranges and instants of a TimeSeries.',
);
