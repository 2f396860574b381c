import { shapeControls } from '../shared/shapeControls';
import { ellipseTool } from './ellipseTool';

export const ellipseControls = shapeControls('ellipselabels', 'ellipse', {
  tool: ellipseTool,
  switchTitle: 'Draw ellipses',
  labeledDescription: 'Labeled ellipses on an Image: drag from the centre outwards.',
  plainDescription: 'Ellipses on an Image without labels.',
});
