import {
  controlOptions,
  defineChildTag,
  defineControlTag,
  isTrue,
  useControlResults,
} from '@labelcore/plugin-api';
import type { TagProps } from '@labelcore/plugin-api';

import { matchesFilter, useFilterText } from '../shared/filters';
import { OptionButton } from '../shared/OptionButton';

/** The choices after clicking `value`: one at most for `single`, any number for `multiple`. */
export function toggleChoice(
  current: readonly string[],
  value: string,
  multiple: boolean,
): string[] {
  if (current.includes(value)) return current.filter((each) => each !== value);
  return multiple ? [...current, value] : [value];
}

function ChoicesTag({ node, task, store, config, readOnly }: TagProps) {
  const name = node.attrs.name ?? '';
  const toName = (node.attrs.toName ?? '').split(',')[0] ?? '';
  const multiple = node.attrs.choice === 'multiple';
  const filter = useFilterText(name);
  const options = controlOptions(node, 'Choice', config, task).filter((option) =>
    matchesFilter(option.title, filter),
  );
  const results = useControlResults(store, name);
  const chosen = (results[0]?.value.choices as string[] | undefined) ?? [];

  // Read the store at the moment of the click or key: two quick hotkeys may both arrive
  // before React renders again, and the second must see the first.
  const toggle = (value: string) => {
    const current = (store.resultsOf(name)[0]?.value.choices as string[] | undefined) ?? [];
    const next = toggleChoice(current, value, multiple);
    store.setSingle(name, toName, 'choices', next.length ? { choices: next } : null);
  };

  if (node.attrs.layout === 'select') {
    return (
      <div className="lc-choices" data-name={name}>
        <select
          className="lc-select"
          aria-label={name}
          multiple={multiple}
          disabled={readOnly}
          value={multiple ? chosen : (chosen[0] ?? '')}
          onChange={(event) => {
            const picked = Array.from(
              event.target.selectedOptions,
              (option) => option.value,
            ).filter(Boolean);
            store.setSingle(name, toName, 'choices', picked.length ? { choices: picked } : null);
          }}
        >
          {!multiple && <option value="">Choose…</option>}
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.title}
            </option>
          ))}
        </select>
      </div>
    );
  }

  const inline = isTrue(node.attrs.showInline) || node.attrs.layout === 'inline';
  return (
    <div
      className={`lc-choices ${inline ? 'lc-inline' : ''}`}
      role={multiple ? 'group' : 'radiogroup'}
      aria-label={name}
      data-name={name}
    >
      {options.map((option) => (
        <OptionButton
          key={option.value}
          option={option}
          role={multiple ? 'checkbox' : 'radio'}
          checked={chosen.includes(option.value)}
          disabled={readOnly}
          onToggle={() => toggle(option.value)}
        />
      ))}
    </div>
  );
}

export const choicesRenderer = defineControlTag({
  component: ChoicesTag,
  resultType: 'choices',
  optionTag: 'Choice',
  description: 'Classification: one choice, or several with choice="multiple".',
});

export const choiceRenderer = defineChildTag({ description: 'An option of Choices.' });
