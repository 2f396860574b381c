import { shapeControls } from '../shared/shapeControls';
import { bitmaskTool, brushTool, magicWandTool } from './brushTool';

export const brushControls = shapeControls('brushlabels', 'brush', {
  tool: brushTool,
  switchTitle: 'Paint masks',
  labeledDescription: 'Labeled brush masks on an Image, stored as RLE; with an eraser.',
  plainDescription: 'Brush masks on an Image without labels.',
  painting: true,
});

export const bitmaskControls = shapeControls('bitmasklabels', 'bitmask', {
  tool: bitmaskTool,
  switchTitle: 'Paint masks',
  labeledDescription: 'Labeled pixel masks on an Image, stored as PNG.',
  plainDescription: 'Pixel masks on an Image without labels, stored as PNG.',
  painting: true,
});

export const magicWandRenderer = shapeControls('magicwand', 'magicwand', {
  tool: magicWandTool,
  switchTitle: 'Magic wand',
  labeledDescription: 'Masks filled by colour similarity.',
  plainDescription: 'Masks filled by colour similarity from the clicked pixel.',
}).plain;
