import { controlOptions, isTrue, useAnnotationState } from '@labelcore/plugin-api';
import type { TagProps } from '@labelcore/plugin-api';

import { OptionButton } from '../shared/OptionButton';

/**
 * The labels of a labeling control (Labels, RectangleLabels, ...): picking one makes it the
 * label the object tag applies to the next region; picking it again puts it down. With one
 * of this control's regions selected, a pick relabels that region instead (several labels
 * with choice="multiple"). A label used `maxUsages` times is spent.
 */
export function LabelPicker(props: TagProps & { resultType: string; children?: React.ReactNode }) {
  const { node, store, config, task, readOnly, resultType } = props;
  const name = node.attrs.name ?? '';
  const options = controlOptions(node, 'Label', config, task);
  const state = useAnnotationState(store);
  const active = state.activeLabels[name] ?? null;
  const multiple = node.attrs.choice === 'multiple';
  const selected = state.results.find(
    (item) => item.id === state.selectedId && item.from_name === name && item.type === resultType,
  );
  const labelsOfSelected = (selected?.value[resultType] as string[] | undefined) ?? [];
  const limit = Number(node.attrs.maxUsages ?? 0);
  const used = (value: string) =>
    state.results.filter(
      (item) =>
        item.from_name === name &&
        ((item.value[resultType] as string[] | undefined) ?? []).includes(value),
    ).length;

  const pick = (value: string) => {
    const current = store.getState();
    const region = current.results.find(
      (item) =>
        item.id === current.selectedId && item.from_name === name && item.type === resultType,
    );
    if (region) {
      const labels = (region.value[resultType] as string[] | undefined) ?? [];
      const next = multiple
        ? labels.includes(value)
          ? labels.filter((each) => each !== value)
          : [...labels, value]
        : [value];
      if (next.length > 0) store.update(region.id, { ...region.value, [resultType]: next }, name);
      return;
    }
    const activeNow = current.activeLabels[name] ?? null;
    store.setActiveLabel(name, activeNow === value ? null : value);
  };

  return (
    <div
      className={`lc-labels ${isTrue(node.attrs.showInline, true) ? 'lc-inline' : ''}`}
      role="radiogroup"
      aria-label={name}
      data-name={name}
    >
      {options.map((option) => {
        const spent =
          limit > 0 && used(option.value) >= limit && !labelsOfSelected.includes(option.value);
        return (
          <OptionButton
            key={option.value}
            option={option}
            role="radio"
            checked={selected ? labelsOfSelected.includes(option.value) : active === option.value}
            disabled={readOnly || spent}
            onToggle={() => pick(option.value)}
          />
        );
      })}
      {props.children}
    </div>
  );
}
