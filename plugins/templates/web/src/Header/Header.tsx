import { defineVisualTag, interpolateData, parseStyle } from '@labelcore/plugin-api';
import type { TagProps } from '@labelcore/plugin-api';

function HeaderTag({ node, task }: TagProps) {
  const text = interpolateData(task.data, node.attrs.value ?? node.text ?? '');
  const size = Math.min(6, Math.max(1, Number(node.attrs.size ?? 4) || 4));
  return (
    <div
      className={`lc-header lc-header-${size} ${node.attrs.underline === 'true' ? 'lc-underline' : ''}`}
      role="heading"
      aria-level={size}
      style={parseStyle(node.attrs.style)}
    >
      {text}
    </div>
  );
}

export const headerRenderer = defineVisualTag({
  component: HeaderTag,
  description: 'A heading: literal text, a $key from the task, or text with $keys in it.',
});
