import { defineControlTag } from '@labelcore/plugin-api';

import { boxTool } from '../Image/rectangleTool';
import { LabelPicker } from '../Labels/LabelPicker';

export const rectangleLabelsRenderer = defineControlTag({
  component: LabelPicker,
  resultType: 'rectanglelabels',
  optionTag: 'Label',
  regionTools: { Image: boxTool('rectanglelabels') },
  description: 'Labeled boxes on an Image: pick a label, then drag on the image.',
});
