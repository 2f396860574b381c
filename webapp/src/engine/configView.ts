import type { ConfigNode, LabelConfigView } from '@labelcore/plugin-api';

import type { RendererRegistry } from '../registry/registry';

const AUTOMATIC_HOTKEYS = '1234567890qwertyuiopasdfghjklzxcvbnm'.split('');

function walk(node: ConfigNode, visit: (node: ConfigNode) => void): void {
  visit(node);
  for (const child of node.children) walk(child, visit);
}

/**
 * The config as renderers consult it. Options (the children a control declares as its
 * `optionTag`) without a `hotkey` get the next free key in document order, so that every
 * choice and label can be picked from the keyboard and no two share a key.
 */
export function makeConfigView(root: ConfigNode, registry: RendererRegistry): LabelConfigView {
  const byName = new Map<string, ConfigNode>();
  const controlsByObject = new Map<string, ConfigNode[]>();
  const options: ConfigNode[] = [];

  walk(root, (node) => {
    const name = node.attrs.name;
    if (name && !byName.has(name)) byName.set(name, node);
    const renderer = registry.get(node.tag);
    if (renderer?.kind !== 'control') return;
    for (const target of (node.attrs.toName ?? '').split(',')) {
      const objectName = target.trim();
      if (!objectName) continue;
      controlsByObject.set(objectName, [...(controlsByObject.get(objectName) ?? []), node]);
    }
    if (renderer.optionTag) {
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
    byName: (name) => byName.get(name),
    controlsFor: (objectName) => controlsByObject.get(objectName) ?? [],
    hotkeyFor: (option) => hotkeys.get(option),
  };
}
