import { defineChildTag, defineControlTag } from '@labelcore/plugin-api';
import type { TagProps } from '@labelcore/plugin-api';

import { LabelPicker } from './LabelPicker';

/** A span-labeling control of `resultType` (over Text, HyperText, Paragraphs, Audio, ...). */
export function spanLabelsRenderer(resultType: string, description: string) {
  return defineControlTag({
    component: (props: TagProps) => <LabelPicker {...props} resultType={resultType} />,
    resultType,
    optionTag: 'Label',
    createsRegions: true,
    description,
  });
}

export const labelsRenderer = spanLabelsRenderer(
  'labels',
  'Span labels over Text (and regions of Audio): pick a label, then select.',
);

export const labelRenderer = defineChildTag({
  description: 'A label of Labels, RectangleLabels and the other labeling controls.',
});
