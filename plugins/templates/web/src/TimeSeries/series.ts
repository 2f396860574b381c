import { resolveData } from '@labelcore/plugin-api';
import type { ConfigNode, TaskView } from '@labelcore/plugin-api';

export interface Series {
  /** The time axis: numbers, or milliseconds for dates. */
  times: number[];
  /** What the data held for each time, to store in results as it was. */
  rawTimes: (string | number)[];
  channels: { column: string; title: string; color: string; values: (number | null)[] }[];
}

function toNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && value.trim() !== '') {
    const number = Number(value);
    if (Number.isFinite(number)) return number;
    const date = Date.parse(value);
    return Number.isNaN(date) ? null : date;
  }
  return null;
}

/** Rows of CSV text as columns (the first line names them). */
export function parseCsv(text: string, separator = ','): Record<string, string[]> {
  const [header = '', ...lines] = text.trim().split(/\r?\n/);
  const names = header.split(separator).map((name) => name.trim());
  const columns: Record<string, string[]> = Object.fromEntries(names.map((name) => [name, []]));
  for (const line of lines) {
    const cells = line.split(separator);
    names.forEach((name, index) => columns[name]?.push((cells[index] ?? '').trim()));
  }
  return columns;
}

/**
 * The columns a TimeSeries shows: task data as an object of columns (valueType="json"),
 * or a list of row objects. `timeColumn` is the axis (the row number when absent).
 */
export function seriesOf(node: ConfigNode, columns: Record<string, unknown[]>): Series {
  const timeColumn = node.attrs.timeColumn;
  const length = Math.max(0, ...Object.values(columns).map((values) => values.length));
  const rawTimes: (string | number)[] = timeColumn
    ? (columns[timeColumn] ?? []).map((value) =>
        typeof value === 'number' ? value : String(value),
      )
    : Array.from({ length }, (_, index) => index);
  const times = rawTimes.map((value, index) => toNumber(value) ?? index);
  // Channels may sit in a MultiChannel, which shows them together.
  const found: ConfigNode[] = [];
  const visit = (parent: ConfigNode) => {
    for (const child of parent.children) {
      if (child.tag === 'Channel') found.push(child);
      else visit(child);
    }
  };
  visit(node);
  const channels = found.map((channel, index) => {
    const column = channel.attrs.column ?? '';
    return {
      column,
      title: channel.attrs.legend ?? channel.attrs.displayName ?? column,
      color:
        channel.attrs.strokeColor ??
        ['#4f46e5', '#0891b2', '#16a34a', '#d97706', '#db2777'][index % 5] ??
        '#4f46e5',
      values: (columns[column] ?? []).map(toNumber),
    };
  });
  return { times, rawTimes, channels };
}

/** The columns in the task for this TimeSeries, when they are in the data itself. */
export function columnsInTask(
  node: ConfigNode,
  task: TaskView,
): Record<string, unknown[]> | string | null {
  const value = resolveData(task.data, node.attrs.value ?? '');
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) {
    const columns: Record<string, unknown[]> = {};
    for (const row of value) {
      for (const [key, cell] of Object.entries((row ?? {}) as Record<string, unknown>)) {
        (columns[key] ??= []).push(cell);
      }
    }
    return columns;
  }
  if (value && typeof value === 'object') return value as Record<string, unknown[]>;
  return null;
}

/** The raw time value nearest to `time`, as the result stores it. */
export function nearestRaw(series: Series, time: number): string | number {
  let best = 0;
  for (let index = 1; index < series.times.length; index += 1) {
    if (Math.abs((series.times[index] ?? 0) - time) < Math.abs((series.times[best] ?? 0) - time))
      best = index;
  }
  return series.rawTimes[best] ?? time;
}
