import { isTrue } from '@labelcore/plugin-api';
import type { AnnotationState, ConfigNode, ResultItem } from '@labelcore/plugin-api';

import type { EngineConfigView } from './configView';
import { targetsOf } from './configView';
import { isPerRegion, regionLabels } from './visibility';

export interface MissingAnswer {
  control: ConfigNode;
  /** The region that lacks the answer, for a per-region control. */
  regionId: string | null;
  message: string;
}

function describeRegion(region: ResultItem, position: number): string {
  const labels = regionLabels(region);
  return labels.length ? `region ${position} (${labels.join(', ')})` : `region ${position}`;
}

/**
 * The required controls without an answer, among those shown: a control needs one result, a
 * per-region control one for every region of its object (with `whenLabelValue`, every region
 * with that label). Each comes with the config's `requiredMessage` or a sentence naming it.
 */
export function missingAnswers(
  config: EngineConfigView,
  state: AnnotationState,
  shown: ReadonlySet<ConfigNode>,
): MissingAnswer[] {
  const missing: MissingAnswer[] = [];
  for (const control of config.controls) {
    if (!shown.has(control) || !isTrue(control.attrs.required)) continue;
    const name = control.attrs.name ?? control.tag;
    const custom = control.attrs.requiredMessage;

    if (!isPerRegion(control)) {
      if (!state.results.some((item) => item.from_name === name)) {
        missing.push({
          control,
          regionId: null,
          message:
            custom || `'${name}' needs an answer before you submit; give one and submit again.`,
        });
      }
      continue;
    }

    const targets = targetsOf(control);
    const wanted = (control.attrs.whenLabelValue ?? '')
      .split(',')
      .map((v) => v.trim())
      .filter(Boolean);
    const regions = state.results.filter(
      (item) =>
        config.regionTypes.has(item.type) &&
        (targets.length === 0 || targets.includes(item.to_name)) &&
        (wanted.length === 0 || regionLabels(item).some((label) => wanted.includes(label))),
    );
    regions.forEach((region, index) => {
      const answered = state.results.some(
        (item) => item.id === region.id && item.from_name === name,
      );
      if (answered) return;
      missing.push({
        control,
        regionId: region.id,
        message:
          custom ||
          `'${name}' needs an answer for every region; ${describeRegion(region, index + 1)} ` +
            'has none. Select it and answer, then submit again.',
      });
    });
  }
  return missing;
}

/** The items to submit: results of controls hidden by a choice rule are left out. */
export function submittedItems<Item extends object>(
  items: readonly Item[],
  config: EngineConfigView,
  shown: ReadonlySet<ConfigNode>,
): Item[] {
  const hidden = new Set(
    config.controls.filter((control) => !shown.has(control)).map((control) => control.attrs.name),
  );
  return items.filter((item) => {
    const fromName = (item as { from_name?: string }).from_name;
    return fromName === undefined || !hidden.has(fromName);
  });
}
