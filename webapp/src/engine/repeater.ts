import { resolveData } from '@labelcore/plugin-api';
import type { ConfigNode } from '@labelcore/plugin-api';

function substitute(node: ConfigNode, flag: string, index: number): ConfigNode {
  const attrs: Record<string, string> = {};
  for (const [key, value] of Object.entries(node.attrs)) {
    attrs[key] = value.split(flag).join(String(index));
  }
  return {
    ...node,
    attrs,
    children: node.children.map((child) => substitute(child, flag, index)),
  };
}

/**
 * The config with each `Repeater` unrolled over its task list (`on="$images"`): its children
 * once per item, `indexFlag` (default `{{idx}}`) replaced by the item's index in every
 * attribute, so names become `label_0`, `label_1` as the server expects them.
 */
export function expandRepeaters(
  node: ConfigNode,
  data: Readonly<Record<string, unknown>>,
): ConfigNode {
  const children: ConfigNode[] = node.children.map((child) => expandRepeaters(child, data));
  if (node.tag !== 'Repeater') return { ...node, children };

  const items = resolveData(data, node.attrs.on ?? '');
  const count = Array.isArray(items) ? items.length : 0;
  const flag = node.attrs.indexFlag ?? '{{idx}}';
  const copies: ConfigNode[] = Array.from({ length: count }, (_, index) => ({
    tag: 'View',
    attrs: { className: 'lc-repeat-item' },
    children: node.children.map((child) => expandRepeaters(substitute(child, flag, index), data)),
  }));
  return { tag: 'View', attrs: { className: 'lc-repeater' }, children: copies };
}
