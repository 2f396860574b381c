import { shapeControls } from '../shared/shapeControls';
import { polygonTool } from './polygonTool';

export const polygonControls = shapeControls('polygonlabels', 'polygon', {
  tool: polygonTool,
  switchTitle: 'Draw polygons',
  labeledDescription:
    'Labeled polygons on an Image: a click per point, a click on the first point (or Enter) ' +
    'closes; edge midpoints add points, Alt+click takes one out.',
  plainDescription: 'Polygons on an Image without labels.',
});
