import { defineControlTag } from '@labelcore/plugin-api';

import { rectangleTool } from '../Image/rectangleTool';
import { LabelPicker } from '../Labels/LabelPicker';

export const rectangleLabelsRenderer = defineControlTag({
  component: LabelPicker,
  resultType: 'rectanglelabels',
  optionTag: 'Label',
  regionTools: { Image: rectangleTool },
  description: 'Labeled boxes on an Image: pick a label, then drag on the image.',
});
