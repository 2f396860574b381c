import { defineChildTag, defineControlTag } from '@labelcore/plugin-api';

import { LabelPicker } from './LabelPicker';

export const labelsRenderer = defineControlTag({
  component: LabelPicker,
  resultType: 'labels',
  optionTag: 'Label',
  description: 'Span labels over Text: pick a label, then select text.',
});

export const labelRenderer = defineChildTag({
  description: 'A label of Labels or RectangleLabels.',
});
