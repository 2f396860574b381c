// The built-in tag renderers of labelcore-templates, loaded by the web UI at run time like
// any plugin's web module: `export default { tags: { TagName: renderer } }`. Heavy libraries
// (the waveform, pdf.js, the chart) are imported by their tag's component when first used.
import { bitmaskControls, brushControls, magicWandRenderer } from './Brush/Brush';
import { choiceRenderer, choicesRenderer } from './Choices/Choices';
import { ellipseControls } from './Ellipse/Ellipse';
import { headerRenderer } from './Header/Header';
import { imageRenderer } from './Image/Image';
import { keyPointControls } from './KeyPoint/KeyPoint';
import { labelRenderer, labelsRenderer } from './Labels/Labels';
import { polygonControls } from './Polygon/Polygon';
import { rectangleRenderer } from './Rectangle/Rectangle';
import { rectangleLabelsRenderer } from './RectangleLabels/RectangleLabels';
import { installStyles } from './shared/styles';
import { shortcutRenderer, textAreaRenderer } from './TextArea/TextArea';
import { textRenderer } from './Text/Text';
import { vectorControls } from './Vector/Vector';
import { viewRenderer } from './View/View';

installStyles();

export default {
  tags: {
    View: viewRenderer,
    Header: headerRenderer,
    Text: textRenderer,
    Image: imageRenderer,
    Choices: choicesRenderer,
    Choice: choiceRenderer,
    Labels: labelsRenderer,
    Label: labelRenderer,
    RectangleLabels: rectangleLabelsRenderer,
    Rectangle: rectangleRenderer,
    PolygonLabels: polygonControls.labeled,
    Polygon: polygonControls.plain,
    EllipseLabels: ellipseControls.labeled,
    Ellipse: ellipseControls.plain,
    KeyPointLabels: keyPointControls.labeled,
    KeyPoint: keyPointControls.plain,
    VectorLabels: vectorControls.labeled,
    Vector: vectorControls.plain,
    BrushLabels: brushControls.labeled,
    Brush: brushControls.plain,
    BitmaskLabels: bitmaskControls.labeled,
    Bitmask: bitmaskControls.plain,
    MagicWand: magicWandRenderer,
    TextArea: textAreaRenderer,
    Shortcut: shortcutRenderer,
  },
};
