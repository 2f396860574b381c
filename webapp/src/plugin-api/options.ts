import { optionColor } from './colors';
import { resolveData } from './data';
import type { ConfigNode, LabelConfigView, TaskView } from './types';

export interface ControlOption {
  /** What goes into the result: the option's `alias` if it has one, else its `value`. */
  value: string;
  /** What the annotator reads: the option's `value`. */
  title: string;
  color: string;
  hotkey: string | undefined;
  node: ConfigNode;
}

/**
 * Options a task brings for a control whose `value` is a `$key` (dynamic labels or choices):
 * a list of strings or of objects with `value` (and optionally `alias`, `background`,
 * `hint`, and `children` for a taxonomy), as Label Studio reads them.
 */
export function dynamicOptionNodes(
  control: ConfigNode,
  optionTag: string,
  task: TaskView | undefined,
): ConfigNode[] {
  const reference = control.attrs.value;
  if (!task || !reference?.startsWith('$')) return [];
  const listed = resolveData(task.data, reference);
  if (!Array.isArray(listed)) return [];
  const toNode = (entry: unknown): ConfigNode | null => {
    if (typeof entry === 'string' || typeof entry === 'number') {
      return { tag: optionTag, attrs: { value: String(entry) }, children: [] };
    }
    if (typeof entry !== 'object' || entry === null) return null;
    const fields = entry as Record<string, unknown>;
    const attrs: Record<string, string> = {};
    for (const [key, value] of Object.entries(fields)) {
      if (key !== 'children' && (typeof value === 'string' || typeof value === 'number')) {
        attrs[key] = String(value);
      }
    }
    if (attrs.value === undefined) return null;
    const children = Array.isArray(fields.children)
      ? fields.children.map(toNode).filter((node): node is ConfigNode => node !== null)
      : [];
    return { tag: optionTag, attrs, children };
  };
  return listed.map(toNode).filter((node): node is ConfigNode => node !== null);
}

/** The options of a control: its children of tag `optionTag` (nested ones too), then the
 * ones the task brings when the control's `value` names a `$key`. */
export function controlOptions(
  control: ConfigNode,
  optionTag: string,
  config: LabelConfigView,
  task?: TaskView,
): ControlOption[] {
  const found: ConfigNode[] = [];
  const visit = (node: ConfigNode) => {
    for (const child of node.children) {
      if (child.tag === optionTag) found.push(child);
      else visit(child);
    }
  };
  visit(control);
  found.push(...dynamicOptionNodes(control, optionTag, task));

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
