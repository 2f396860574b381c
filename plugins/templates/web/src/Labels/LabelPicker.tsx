import { controlOptions, isTrue, useAnnotationState } from '@labelcore/plugin-api';
import type { TagProps } from '@labelcore/plugin-api';

import { OptionButton } from '../shared/OptionButton';

/**
 * The labels of a labeling control (Labels, RectangleLabels): picking one makes it the label
 * the object tag applies to the next span or box; picking it again puts it down.
 */
export function LabelPicker({ node, store, config, readOnly }: TagProps) {
  const name = node.attrs.name ?? '';
  const options = controlOptions(node, 'Label', config);
  const active = useAnnotationState(store).activeLabels[name] ?? null;

  return (
    <div
      className={`lc-labels ${isTrue(node.attrs.showInline, true) ? 'lc-inline' : ''}`}
      role="radiogroup"
      aria-label={name}
      data-name={name}
    >
      {options.map((option) => (
        <OptionButton
          key={option.value}
          option={option}
          role="radio"
          checked={active === option.value}
          disabled={readOnly}
          onToggle={() => {
            const current = store.getState().activeLabels[name] ?? null;
            store.setActiveLabel(name, current === option.value ? null : option.value);
          }}
        />
      ))}
    </div>
  );
}
