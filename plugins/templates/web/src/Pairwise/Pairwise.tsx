import { defineControlTag, useControlResults, useHotkey } from '@labelcore/plugin-api';
import type { TagProps } from '@labelcore/plugin-api';

function PairwiseTag({ node, store, readOnly }: TagProps) {
  const name = node.attrs.name ?? '';
  const [left = 'left', right = 'right'] = (node.attrs.toName ?? '')
    .split(',')
    .map((part) => part.trim());
  const selected = useControlResults(store, name)[0]?.value.selected as string | undefined;
  // The result names the control itself, as Label Studio writes pairwise results.
  const choose = (side: 'left' | 'right') =>
    store.setSingle(name, name, 'pairwise', selected === side ? null : { selected: side });
  useHotkey(node.attrs.leftHotkey ?? 'arrowleft', () => choose('left'), !readOnly);
  useHotkey(node.attrs.rightHotkey ?? 'arrowright', () => choose('right'), !readOnly);

  return (
    <div className="lc-pairwise" role="radiogroup" aria-label={name} data-name={name}>
      {(['left', 'right'] as const).map((side) => (
        <button
          key={side}
          type="button"
          role="radio"
          aria-checked={selected === side}
          className={`lc-option ${selected === side ? 'lc-option-checked' : ''}`}
          disabled={readOnly}
          onClick={() => choose(side)}
        >
          {side === 'left' ? `← ${left} is better` : `${right} is better →`}
        </button>
      ))}
    </div>
  );
}

export const pairwiseRenderer = defineControlTag({
  component: PairwiseTag,
  resultType: 'pairwise',
  description: 'Which of two objects is better: left or right (arrow keys).',
});
