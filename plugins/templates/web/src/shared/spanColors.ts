import { controlOptions } from '@labelcore/plugin-api';
import type { LabelConfigView, ResultItem, TaskView } from '@labelcore/plugin-api';

/** The colour of a region: its first label's colour in the control that made it. */
export function regionColor(item: ResultItem, config: LabelConfigView, task: TaskView): string {
  const control = config.byName(item.from_name);
  const label = (item.value[item.type] as string[] | undefined)?.[0];
  const option =
    control && controlOptions(control, 'Label', config, task).find((each) => each.value === label);
  return option?.color ?? '#4f46e5';
}
