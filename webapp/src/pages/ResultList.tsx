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

function RegionRow({
  store,
  region,
  attached,
  index,
}: {
  store: AnnotationStore;
  region: ResultItem;
  attached: ResultItem[];
  index: number;
}) {
  const state = useAnnotationState(store);
  const hidden = state.hiddenIds.includes(region.id);
  const locked = state.lockedIds.includes(region.id);
  const linking = state.linkingFrom;
  const choose = () => {
    if (linking && linking !== region.id) store.addRelation(linking, region.id);
    else store.select(region.id);
  };

  return (
    <li
      className={[
        state.selectedId === region.id ? 'selected' : '',
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
}

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
  if (state.results.length === 0) {
    return <p className="muted small">Nothing labeled yet.</p>;
  }
  // A region may be two items with one id (a box and the labels on it): one row each.
  const regions = state.results.filter(
    (item, index) =>
      store.isRegion(item) &&
      state.results.findIndex((other) => other.id === item.id && store.isRegion(other)) === index,
  );
  const regionIds = new Set(regions.map((region) => region.id));
  const others = state.results.filter((item) => !store.isRegion(item) && !regionIds.has(item.id));
  const numberOf = (id: string) => regions.findIndex((region) => region.id === id) + 1;

  return (
    <>
      {state.linkingFrom && (
        <p className="linking-hint" role="status">
          Pick the region to relate region {numberOf(state.linkingFrom)} to (Esc cancels).
        </p>
      )}
      <ul className="result-list">
        {regions.map((region, index) => (
          <RegionRow
            key={region.id}
            store={store}
            region={region}
            index={index + 1}
            attached={state.results.filter((item) => item.id === region.id && item !== region)}
          />
        ))}
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
