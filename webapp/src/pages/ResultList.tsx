import { memo, useMemo, useState } from 'react';

import { useAnnotationState } from '@labelcore/plugin-api';
import type { AnnotationStore, RelationItem, ResultItem } from '@labelcore/plugin-api';

const round = (number: unknown) => (typeof number === 'number' ? number.toFixed(1) : '?');

/** One line about a result item: its labels and where it is. */
export function describeItem(item: ResultItem): string {
  const value = item.value;
  const labels = value[item.type];
  const named = Array.isArray(labels) ? labels.flat().join(', ') : '';
  const where: string[] = [];
  if (typeof value.text === 'string') where.push(`“${value.text}”`);
  else if (Array.isArray(value.text)) where.push(`“${value.text.join(' / ')}”`);
  if (typeof value.x === 'number' && typeof value.width === 'number') {
    where.push(
      `${round(value.x)}%, ${round(value.y)}% · ${round(value.width)}×${round(value.height)}%`,
    );
  } else if (typeof value.x === 'number' && typeof value.radiusX === 'number') {
    where.push(
      `${round(value.x)}%, ${round(value.y)}% · r ${round(value.radiusX)}×${round(value.radiusY)}%`,
    );
  } else if (typeof value.x === 'number') {
    where.push(`${round(value.x)}%, ${round(value.y)}%`);
  }
  if (Array.isArray(value.points)) where.push(`${value.points.length} points`);
  if (value.format === 'rle') where.push('mask');
  if (Array.isArray(value.sequence)) where.push(`${value.sequence.length} keyframes`);
  if (Array.isArray(value.ranges)) {
    where.push(
      value.ranges
        .map(
          (range: { start?: unknown; end?: unknown }) =>
            `${String(range.start)}–${String(range.end)}`,
        )
        .join(', '),
    );
  } else if (
    value.start !== undefined &&
    value.end !== undefined &&
    typeof value.text !== 'string'
  ) {
    where.push(`${String(value.start)}–${String(value.end)}`);
  }
  if (named && where.length) return `${named}: ${where.join(' · ')}`;
  if (named) return named;
  if (where.length) return where.join(' · ');
  for (const key of ['rating', 'number', 'datetime', 'selected', 'ranker', 'taxonomy']) {
    if (value[key] !== undefined) return JSON.stringify(value[key]);
  }
  return JSON.stringify(value);
}

interface RegionRowProps {
  store: AnnotationStore;
  region: ResultItem;
  attached: readonly ResultItem[];
  index: number;
  selected: boolean;
  hidden: boolean;
  locked: boolean;
  /** The region a relation is being drawn from, if any. */
  linking: string | null;
}

/** One region in the list; memoised, so a change to one region redraws one row. */
const RegionRow = memo(function RegionRow({
  store,
  region,
  attached,
  index,
  selected,
  hidden,
  locked,
  linking,
}: RegionRowProps) {
  const choose = () => {
    if (linking && linking !== region.id) store.addRelation(linking, region.id);
    else store.select(region.id);
  };

  return (
    <li
      className={[
        selected ? 'selected' : '',
        hidden ? 'is-hidden' : '',
        linking && linking !== region.id ? 'link-target' : '',
      ].join(' ')}
      data-region-row={region.id}
    >
      <button type="button" className="result-main" onClick={choose}>
        <span className="result-type">
          {index}. {region.from_name}
          {region.origin === 'prediction' && <span className="result-origin"> · predicted</span>}
        </span>
        <span className="result-value">{describeItem(region)}</span>
        {attached.map((item) => (
          <span key={item.from_name} className="result-attached">
            {item.from_name}: {describeItem(item)}
          </span>
        ))}
      </button>
      <span className="result-tools">
        <button
          type="button"
          aria-label={`${hidden ? 'Show' : 'Hide'} region ${index}`}
          aria-pressed={hidden}
          title={hidden ? 'Show' : 'Hide'}
          onClick={() => store.toggleHidden(region.id)}
        >
          {hidden ? '◌' : '◉'}
        </button>
        <button
          type="button"
          aria-label={`${locked ? 'Unlock' : 'Lock'} region ${index}`}
          aria-pressed={locked}
          title={locked ? 'Unlock' : 'Lock'}
          onClick={() => store.toggleLocked(region.id)}
        >
          {locked ? '🔒' : '🔓'}
        </button>
        <button
          type="button"
          aria-label={`Relate region ${index}`}
          title="Relate to another region (Alt+R), then pick it"
          aria-pressed={linking === region.id}
          onClick={() => store.startLinking(linking === region.id ? null : region.id)}
        >
          ↗
        </button>
        <button
          type="button"
          className="result-remove"
          aria-label={`Remove region ${index}`}
          disabled={locked}
          onClick={() => store.remove(region.id)}
        >
          ×
        </button>
      </span>
    </li>
  );
});

// Rows past this many wait for a click: a list of thousands of regions is read in parts.
const SHOWN_ROWS = 200;
const NOTHING: readonly ResultItem[] = [];

const DIRECTIONS: RelationItem['direction'][] = ['right', 'left', 'bi'];
const ARROW = { right: '→', left: '←', bi: '↔' } as const;

function RelationRow({
  store,
  relation,
  index,
  numberOf,
  labels,
}: {
  store: AnnotationStore;
  relation: RelationItem;
  index: number;
  numberOf: (id: string) => number;
  labels: readonly string[];
}) {
  const turn = () => {
    const next = DIRECTIONS[(DIRECTIONS.indexOf(relation.direction) + 1) % DIRECTIONS.length];
    store.updateRelation(index, { direction: next ?? 'right' });
  };
  const toggle = (label: string) => {
    const has = relation.labels.includes(label);
    store.updateRelation(index, {
      labels: has ? relation.labels.filter((each) => each !== label) : [...relation.labels, label],
    });
  };
  return (
    <li className="relation-row" data-relation={index}>
      <span className="relation-ends">
        {numberOf(relation.from_id)}
        <button
          type="button"
          className="relation-direction"
          aria-label={`Direction of relation ${index + 1}: ${relation.direction}`}
          onClick={turn}
        >
          {ARROW[relation.direction]}
        </button>
        {numberOf(relation.to_id)}
      </span>
      {labels.length > 0 && (
        <span className="relation-labels">
          {labels.map((label) => (
            <button
              key={label}
              type="button"
              role="checkbox"
              aria-checked={relation.labels.includes(label)}
              className={relation.labels.includes(label) ? 'on' : ''}
              onClick={() => toggle(label)}
            >
              {label}
            </button>
          ))}
        </span>
      )}
      <button
        type="button"
        className="result-remove"
        aria-label={`Remove relation ${index + 1}`}
        onClick={() => store.removeRelation(index)}
      >
        ×
      </button>
    </li>
  );
}

/** The regions with what is attached to them, the other results and the relations. */
export function ResultList({
  store,
  relationLabels = [],
}: {
  store: AnnotationStore;
  relationLabels?: readonly string[];
}) {
  const state = useAnnotationState(store);
  const [showAll, setShowAll] = useState(false);
  const { regions, attachedTo, others } = useMemo(() => {
    // A region may be two items with one id (a box and the labels on it): one row each.
    const firstOf = new Map<string, ResultItem>();
    const attached = new Map<string, ResultItem[]>();
    for (const item of state.results) {
      if (store.isRegion(item) && !firstOf.has(item.id)) firstOf.set(item.id, item);
    }
    const rest: ResultItem[] = [];
    for (const item of state.results) {
      if (firstOf.get(item.id) === item) continue;
      if (firstOf.has(item.id)) attached.set(item.id, [...(attached.get(item.id) ?? []), item]);
      else rest.push(item);
    }
    return { regions: [...firstOf.values()], attachedTo: attached, others: rest };
  }, [state.results, store]);
  const numbers = useMemo(
    () => new Map(regions.map((region, index) => [region.id, index + 1])),
    [regions],
  );
  if (state.results.length === 0) {
    return <p className="muted small">Nothing labeled yet.</p>;
  }
  const numberOf = (id: string) => numbers.get(id) ?? 0;
  const selectedAt = state.selectedId ? numberOf(state.selectedId) : 0;
  const limit = showAll ? regions.length : Math.max(SHOWN_ROWS, selectedAt);
  const hidden = new Set(state.hiddenIds);
  const locked = new Set(state.lockedIds);

  return (
    <>
      {state.linkingFrom && (
        <p className="linking-hint" role="status">
          Pick the region to relate region {numberOf(state.linkingFrom)} to (Esc cancels).
        </p>
      )}
      <ul className="result-list">
        {regions.slice(0, limit).map((region, index) => (
          <RegionRow
            key={region.id}
            store={store}
            region={region}
            index={index + 1}
            attached={attachedTo.get(region.id) ?? NOTHING}
            selected={state.selectedId === region.id}
            hidden={hidden.has(region.id)}
            locked={locked.has(region.id)}
            linking={state.linkingFrom}
          />
        ))}
        {regions.length > limit && (
          <li className="result-more">
            <button type="button" className="link-button" onClick={() => setShowAll(true)}>
              Show all {regions.length} regions
            </button>
          </li>
        )}
        {others.map((item) => (
          <li key={`${item.id}:${item.from_name}`}>
            <button type="button" className="result-main" onClick={() => store.select(null)}>
              <span className="result-type">{item.from_name}</span>
              <span className="result-value">{describeItem(item)}</span>
            </button>
            <button
              type="button"
              className="result-remove"
              aria-label={`Remove ${item.from_name} result`}
              onClick={() => store.removeItem(item.id, item.from_name)}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
      {state.relations.length > 0 && (
        <>
          <h3 className="relations-title">Relations</h3>
          <ul className="result-list relation-list">
            {state.relations.map((relation, index) => (
              <RelationRow
                key={`${relation.from_id}-${relation.to_id}`}
                store={store}
                relation={relation}
                index={index}
                numberOf={numberOf}
                labels={relationLabels}
              />
            ))}
          </ul>
        </>
      )}
    </>
  );
}
