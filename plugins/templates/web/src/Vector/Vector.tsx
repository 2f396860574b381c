import { shapeControls } from '../shared/shapeControls';
import { vectorTool } from './vectorTool';

export const vectorControls = shapeControls('vectorlabels', 'vector', {
  tool: vectorTool,
  switchTitle: 'Draw paths',
  labeledDescription: 'Labeled paths of points on an Image; Enter ends one.',
  plainDescription: 'Paths of points on an Image without labels.',
});
