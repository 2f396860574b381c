import { boxTool } from '../Image/rectangleTool';
import { shapeControls } from '../shared/shapeControls';

const boxes = shapeControls('rectanglelabels', 'rectangle', {
  tool: boxTool,
  switchTitle: 'Draw boxes',
  labeledDescription: 'Labeled boxes on an Image: pick a label, then drag on the image.',
  plainDescription: 'Boxes on an Image without labels.',
});

export const rectangleLabelsRenderer = boxes.labeled;
