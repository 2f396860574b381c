import { useState } from 'react';

import { defineControlTag, useControlResults } from '@labelcore/plugin-api';
import type { TagProps } from '@labelcore/plugin-api';

function NumberTag({ node, store, readOnly }: TagProps) {
  const name = node.attrs.name ?? '';
  const toName = (node.attrs.toName ?? '').split(',')[0] ?? '';
  const stored = useControlResults(store, name)[0]?.value.number as number | undefined;
  const [typed, setTyped] = useState<string | null>(null);
  const min = node.attrs.min !== undefined ? Number(node.attrs.min) : undefined;
  const max = node.attrs.max !== undefined ? Number(node.attrs.max) : undefined;
  const outside = (value: number) =>
    (min !== undefined && value < min) || (max !== undefined && value > max);

  return (
    <div className="lc-number" data-name={name}>
      <input
        type={node.attrs.slider === 'true' ? 'range' : 'number'}
        aria-label={node.attrs.placeholder || name}
        placeholder={node.attrs.placeholder}
        min={min}
        max={max}
        step={node.attrs.step ?? 'any'}
        disabled={readOnly}
        value={typed ?? (stored === undefined ? '' : String(stored))}
        onChange={(event) => {
          const text = event.target.value;
          setTyped(text);
          const value = Number(text);
          if (text.trim() === '') store.setSingle(name, toName, 'number', null);
          else if (Number.isFinite(value) && !outside(value)) {
            store.setSingle(name, toName, 'number', { number: value });
          }
        }}
        onBlur={() => setTyped(null)}
      />
      {typed !== null && typed.trim() !== '' && outside(Number(typed)) && (
        <span className="lc-field-error">
          {name} takes a number from {min ?? '−∞'} to {max ?? '∞'}.
        </span>
      )}
    </div>
  );
}

export const numberRenderer = defineControlTag({
  component: NumberTag,
  resultType: 'number',
  description: 'A number, kept between min and max.',
});
