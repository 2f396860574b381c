import { optionColor } from './colors';
import type { ConfigNode, LabelConfigView } from './types';

export interface ControlOption {
  /** What goes into the result: the option's `alias` if it has one, else its `value`. */
  value: string;
  /** What the annotator reads: the option's `value`. */
  title: string;
  color: string;
  hotkey: string | undefined;
  node: ConfigNode;
}

/** The options of a control: its children of tag `optionTag`, nested ones included. */
export function controlOptions(
  control: ConfigNode,
  optionTag: string,
  config: LabelConfigView,
): ControlOption[] {
  const found: ConfigNode[] = [];
  const visit = (node: ConfigNode) => {
    for (const child of node.children) {
      if (child.tag === optionTag) found.push(child);
      else visit(child);
    }
  };
  visit(control);

  return found.map((node, index) => {
    const title = node.attrs.value ?? node.attrs.alias ?? '';
    return {
      value: node.attrs.alias ?? title,
      title,
      color: optionColor(node.attrs.background, index),
      hotkey: config.hotkeyFor(node),
      node,
    };
  });
}
