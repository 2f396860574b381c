import { describe, expect, it } from 'vitest';

import { nearestRaw, parseCsv, seriesOf } from './series';

const NODE = {
  tag: 'TimeSeries',
  attrs: { name: 'ts', value: '$ts', timeColumn: 'time' },
  children: [{ tag: 'Channel', attrs: { column: 'velocity' }, children: [] }],
};

describe('time series data', () => {
  it('reads columns with a time axis and keeps the raw times for results', () => {
    const series = seriesOf(NODE, { time: [0, 1.5, 3], velocity: [1, '2', 'x'] });

    expect(series.times).toEqual([0, 1.5, 3]);
    expect(series.channels[0]?.values).toEqual([1, 2, null]);
    expect(nearestRaw(series, 1.4)).toBe(1.5);
  });

  it('turns dates into milliseconds for the axis', () => {
    const series = seriesOf(NODE, { time: ['2024-01-01', '2024-01-02'], velocity: [1, 2] });

    const [first = 0, second = 0] = series.times;
    expect(second - first).toBe(86_400_000);
    expect(nearestRaw(series, second)).toBe('2024-01-02');
  });

  it('parses CSV into columns', () => {
    expect(parseCsv('time,velocity\n0,1\n1,3\n')).toEqual({
      time: ['0', '1'],
      velocity: ['1', '3'],
    });
  });
});
