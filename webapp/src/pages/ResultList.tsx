import { useAnnotationState } from '@labelcore/plugin-api';
import type { AnnotationStore, ResultItem } from '@labelcore/plugin-api';

function describe(item: ResultItem): string {
  const value = item.value;
  const labels = value[item.type];
  const named = Array.isArray(labels) ? labels.join(', ') : '';
  if (typeof value.text === 'string') return `${named}: “${value.text}”`;
  if (Array.isArray(value.text)) return `“${value.text.join(' ')}”`;
  if (typeof value.x === 'number' && typeof value.width === 'number') {
    const round = (number: unknown) => (typeof number === 'number' ? number.toFixed(1) : '?');
    return `${named} · ${round(value.x)}%, ${round(value.y)}% · ${round(value.width)}×${round(value.height)}%`;
  }
  if (named) return named;
  return JSON.stringify(value);
}

/** Every result item of the annotation, to select or remove. */
export function ResultList({ store }: { store: AnnotationStore }) {
  const state = useAnnotationState(store);
  if (state.results.length === 0) {
    return <p className="muted small">Nothing labeled yet.</p>;
  }
  return (
    <ul className="result-list">
      {state.results.map((item) => (
        <li key={item.id} className={state.selectedId === item.id ? 'selected' : ''}>
          <button type="button" className="result-main" onClick={() => store.select(item.id)}>
            <span className="result-type">{item.from_name}</span>
            <span className="result-value">{describe(item)}</span>
          </button>
          <button
            type="button"
            className="result-remove"
            aria-label={`Remove ${item.from_name} result`}
            onClick={() => store.remove(item.id)}
          >
            ×
          </button>
        </li>
      ))}
    </ul>
  );
}
