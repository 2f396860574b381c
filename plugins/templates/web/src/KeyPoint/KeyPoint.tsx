import { shapeControls } from '../shared/shapeControls';
import { keyPointTool } from './keyPointTool';

export const keyPointControls = shapeControls('keypointlabels', 'keypoint', {
  tool: keyPointTool,
  switchTitle: 'Place points',
  labeledDescription: 'Labeled key points on an Image: a click places one.',
  plainDescription: 'Key points on an Image without labels.',
});
