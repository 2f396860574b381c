// The web renderer of the Slider tag, written by hand as a plain ES module: no build step.
// `react` and `@labelcore/plugin-api` resolve through the page's import map to the web UI's
// own instances, so this module shares React and the annotation store with the page.
import { createElement as h } from 'react';
import { defineControlTag, useControlResults } from '@labelcore/plugin-api';

function numberOr(value, fallback) {
  const number = Number(value);
  return value !== undefined && Number.isFinite(number) ? number : fallback;
}

const styles = {
  box: { display: 'flex', alignItems: 'center', gap: '12px', flexWrap: 'wrap' },
  label: { fontWeight: 600, fontSize: '0.92rem' },
  range: { flex: '1 1 220px', accentColor: 'var(--accent, #4f46e5)' },
  output: {
    minWidth: '3ch',
    fontVariantNumeric: 'tabular-nums',
    fontWeight: 600,
    textAlign: 'right',
  },
  clear: {
    border: '1px solid var(--border, #d1d5db)',
    borderRadius: '6px',
    background: 'var(--surface, #fff)',
    padding: '2px 8px',
    cursor: 'pointer',
    font: 'inherit',
    fontSize: '0.82rem',
  },
};

function SliderTag({ node, store, readOnly }) {
  const name = node.attrs.name ?? '';
  const toName = (node.attrs.toName ?? '').split(',')[0];
  const min = numberOr(node.attrs.min, 0);
  const max = numberOr(node.attrs.max, 100);
  const step = numberOr(node.attrs.step, 1);
  const chosen = useControlResults(store, name)[0]?.value.slider;
  const inputId = `slider-${name}`;

  // No result until the annotator moves the slider: an untouched slider says nothing.
  const choose = (number) => store.setSingle(name, toName, 'slider', { slider: number });
  const clear = () => store.setSingle(name, toName, 'slider', null);

  return h(
    'div',
    { className: 'example-slider', 'data-name': name, style: styles.box },
    node.attrs.label && h('label', { htmlFor: inputId, style: styles.label }, node.attrs.label),
    h('input', {
      id: inputId,
      type: 'range',
      min,
      max,
      step,
      value: chosen ?? numberOr(node.attrs.default, min),
      disabled: readOnly,
      'aria-label': node.attrs.label ?? name,
      style: styles.range,
      onChange: (event) => choose(Number(event.target.value)),
    }),
    h('output', { htmlFor: inputId, style: styles.output }, chosen === undefined ? '–' : chosen),
    chosen !== undefined &&
      !readOnly &&
      h('button', { type: 'button', onClick: clear, style: styles.clear }, 'Clear'),
  );
}

export default {
  tags: {
    Slider: defineControlTag({
      component: SliderTag,
      resultType: 'slider',
      description: 'A number between min and max, picked on a slider.',
    }),
  },
};
