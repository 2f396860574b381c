import { defineVisualTag, resolveData } from '@labelcore/plugin-api';
import type { TagProps } from '@labelcore/plugin-api';

function HeaderTag({ node, task }: TagProps) {
  const text = String(resolveData(task.data, node.attrs.value ?? '') ?? '');
  const size = Math.min(6, Math.max(1, Number(node.attrs.size ?? 4) || 4));
  return (
    <div className={`lc-header lc-header-${size}`} role="heading" aria-level={size}>
      {text}
    </div>
  );
}

export const headerRenderer = defineVisualTag({
  component: HeaderTag,
  description: 'A heading: literal text or a $key from the task.',
});
