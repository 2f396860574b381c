import { defineVisualTag, parseStyle } from '@labelcore/plugin-api';
import type { TagProps } from '@labelcore/plugin-api';

function ViewTag({ node, children }: TagProps) {
  const inline = node.attrs.display === 'inline';
  return (
    <div
      className={`lc-view ${inline ? 'lc-view-inline' : ''} ${node.attrs.className ?? ''}`}
      style={parseStyle(node.attrs.style)}
    >
      {children}
    </div>
  );
}

export const viewRenderer = defineVisualTag({
  component: ViewTag,
  description: 'A block that lays out the tags inside it; takes an inline style.',
});
