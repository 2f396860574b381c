import { isTrue } from '@labelcore/plugin-api';
import type { AnnotationState, ConfigNode, ResultItem } from '@labelcore/plugin-api';

import type { EngineConfigView } from './configView';
import { targetsOf } from './configView';

function listOf(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
}

/** The labels a region carries, whatever its type calls the list. */
export function regionLabels(region: ResultItem): string[] {
  const labels = region.value[region.type];
  return Array.isArray(labels) ? labels.map(String) : [];
}

function chosenValues(state: AnnotationState, controlName: string | undefined): string[] {
  const chosen: string[] = [];
  for (const item of state.results) {
    if (controlName && item.from_name !== controlName) continue;
    const value = item.value.choices ?? item.value.taxonomy;
    if (Array.isArray(value)) chosen.push(...value.flat().map(String));
  }
  return chosen;
}

function selectedRegion(state: AnnotationState, config: EngineConfigView): ResultItem | null {
  if (!state.selectedId) return null;
  return (
    state.results.find(
      (item) => item.id === state.selectedId && config.regionTypes.has(item.type),
    ) ?? null
  );
}

/** Whether a node's own `visibleWhen` rule lets it show (its ancestors aside). */
export function passesVisibleWhen(
  node: ConfigNode,
  state: AnnotationState,
  config: EngineConfigView,
): boolean {
  const rule = node.attrs.visibleWhen;
  const tagName = node.attrs.whenTagName;
  const region = selectedRegion(state, config);

  switch (rule) {
    case 'region-selected': {
      if (!region) return false;
      if (tagName && region.from_name !== tagName && region.to_name !== tagName) return false;
      const role = node.attrs.whenRole;
      const message = region.value.chatmessage as { role?: string } | undefined;
      if (role && message?.role !== role) return false;
      const wanted = listOf(node.attrs.whenLabelValue);
      return wanted.length === 0 || regionLabels(region).some((label) => wanted.includes(label));
    }
    case 'no-region-selected':
      return region === null;
    case 'choice-selected':
    case 'choice-unselected': {
      const chosen = chosenValues(state, tagName);
      const wanted = listOf(node.attrs.whenChoiceValue);
      const selected =
        wanted.length === 0 ? chosen.length > 0 : chosen.some((value) => wanted.includes(value));
      return rule === 'choice-selected' ? selected : !selected;
    }
    default:
      return true;
  }
}

/**
 * The region a per-region control shows for: the selected region when the control labels
 * its object (and, with `whenLabelValue`, the region carries that label); else `null`.
 */
export function regionForControl(
  control: ConfigNode,
  state: AnnotationState,
  config: EngineConfigView,
): ResultItem | null {
  const region = selectedRegion(state, config);
  if (!region) return null;
  const targets = targetsOf(control);
  if (targets.length > 0 && !targets.includes(region.to_name)) return null;
  const wanted = listOf(control.attrs.whenLabelValue);
  if (wanted.length > 0 && !regionLabels(region).some((label) => wanted.includes(label))) {
    return null;
  }
  return region;
}

export function isPerRegion(node: ConfigNode): boolean {
  return isTrue(node.attrs.perRegion);
}

/** Whether a node shows now: its rule passes and, per region, a fitting region is selected. */
export function isShown(node: ConfigNode, state: AnnotationState, config: EngineConfigView) {
  if (!passesVisibleWhen(node, state, config)) return false;
  return !isPerRegion(node) || regionForControl(node, state, config) !== null;
}

const SELECTION_RULES = new Set(['region-selected', 'no-region-selected']);

/**
 * The controls whose results count at submit: those under no choice rule that hides them.
 * Rules about the selected region are left out, because a selection is a moment of the
 * screen: a per-region answer stays when its region is put down.
 */
export function shownControls(config: EngineConfigView, state: AnnotationState): Set<ConfigNode> {
  const controls = new Set(config.controls);
  const shown = new Set<ConfigNode>();
  const visit = (node: ConfigNode) => {
    const rule = node.attrs.visibleWhen ?? '';
    if (!SELECTION_RULES.has(rule) && !passesVisibleWhen(node, state, config)) return;
    if (controls.has(node)) shown.add(node);
    for (const child of node.children) visit(child);
  };
  visit(config.root);
  return shown;
}
