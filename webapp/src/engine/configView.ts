import type { ConfigNode, LabelConfigView } from '@labelcore/plugin-api';

import type { RendererRegistry } from '../registry/registry';

const AUTOMATIC_HOTKEYS = '1234567890qwertyuiopasdfghjklzxcvbnm'.split('');

export function walk(node: ConfigNode, visit: (node: ConfigNode) => void): void {
  visit(node);
  for (const child of node.children) walk(child, visit);
}

/** The object names a control's `toName` lists. */
export function targetsOf(control: ConfigNode): string[] {
  return (control.attrs.toName ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
}

/** The web UI's view of a config: the renderers' `LabelConfigView` and what the engine needs. */
export interface EngineConfigView extends LabelConfigView {
  /** Every control element, in document order. */
  readonly controls: readonly ConfigNode[];
  /** Result types that are regions, from the controls that declare `createsRegions`. */
  readonly regionTypes: ReadonlySet<string>;
}

/**
 * The config as renderers consult it. Options (the children a control declares as its
 * `optionTag`) without a `hotkey` get the next free key in document order, so that every
 * choice and label can be picked from the keyboard and no two share a key. A control with
 * `hotkey`-less options of its own kind that asks for none (`Taxonomy`) gets none.
 */
export function makeConfigView(root: ConfigNode, registry: RendererRegistry): EngineConfigView {
  const byName = new Map<string, ConfigNode>();
  const controlsByObject = new Map<string, ConfigNode[]>();
  const controls: ConfigNode[] = [];
  const options: ConfigNode[] = [];
  const regionTypes = new Set<string>();

  walk(root, (node) => {
    const name = node.attrs.name;
    if (name && !byName.has(name)) byName.set(name, node);
    const renderer = registry.get(node.tag);
    if (renderer?.kind === 'object') for (const type of renderer.regionTypes) regionTypes.add(type);
    if (renderer?.kind !== 'control') return;
    controls.push(node);
    if (renderer.createsRegions) regionTypes.add(renderer.resultType);
    for (const objectName of targetsOf(node)) {
      controlsByObject.set(objectName, [...(controlsByObject.get(objectName) ?? []), node]);
    }
    if (renderer.optionTag && renderer.optionHotkeys !== false) {
      walk(node, (child) => {
        if (child.tag === renderer.optionTag) options.push(child);
      });
    }
  });

  const hotkeys = new Map<ConfigNode, string>();
  const taken = new Set(
    options.map((option) => option.attrs.hotkey?.toLowerCase()).filter(Boolean),
  );
  const free = AUTOMATIC_HOTKEYS.filter((key) => !taken.has(key));
  for (const option of options) {
    const hotkey = option.attrs.hotkey ?? free.shift();
    if (hotkey) hotkeys.set(option, hotkey);
  }

  return {
    root,
    controls,
    regionTypes,
    byName: (name) => byName.get(name),
    controlsFor: (objectName) => controlsByObject.get(objectName) ?? [],
    hotkeyFor: (option) => hotkeys.get(option),
  };
}
