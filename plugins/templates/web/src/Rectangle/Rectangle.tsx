import { boxTool } from '../Image/rectangleTool';
import { shapeControls } from '../shared/shapeControls';

export const rectangleRenderer = shapeControls('rectanglelabels', 'rectangle', {
  tool: boxTool,
  switchTitle: 'Draw boxes',
  labeledDescription: 'Labeled boxes on an Image.',
  plainDescription: 'Boxes on an Image without labels.',
}).plain;
