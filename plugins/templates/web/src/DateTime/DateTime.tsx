import { defineControlTag, useControlResults } from '@labelcore/plugin-api';
import type { TagProps } from '@labelcore/plugin-api';

/** The native input for what `only` asks (date, time, month, year) or both date and time. */
export function inputTypeFor(only: string | undefined): string {
  const parts = new Set((only ?? '').split(',').map((part) => part.trim()));
  if (parts.has('date') && parts.has('time')) return 'datetime-local';
  if (parts.has('date')) return 'date';
  if (parts.has('time')) return 'time';
  if (parts.has('month')) return 'month';
  if (parts.has('year')) return 'number';
  return 'datetime-local';
}

function DateTimeTag({ node, store, readOnly }: TagProps) {
  const name = node.attrs.name ?? '';
  const toName = (node.attrs.toName ?? '').split(',')[0] ?? '';
  const value = (useControlResults(store, name)[0]?.value.datetime as string | undefined) ?? '';
  const type = inputTypeFor(node.attrs.only);

  return (
    <div className="lc-datetime" data-name={name}>
      <input
        type={type}
        aria-label={name}
        min={type === 'number' ? (node.attrs.min ?? '1000') : node.attrs.min}
        max={type === 'number' ? (node.attrs.max ?? '9999') : node.attrs.max}
        disabled={readOnly}
        value={value}
        onChange={(event) =>
          store.setSingle(
            name,
            toName,
            'datetime',
            event.target.value ? { datetime: event.target.value } : null,
          )
        }
      />
    </div>
  );
}

export const dateTimeRenderer = defineControlTag({
  component: DateTimeTag,
  resultType: 'datetime',
  description: 'A date, a time, or both (only="date", "time", "month", "year").',
});
