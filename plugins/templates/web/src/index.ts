// The built-in tag renderers of labelcore-templates, loaded by the web UI at run time like
// any plugin's web module: `export default { tags: { TagName: renderer } }`.
import { choiceRenderer, choicesRenderer } from './Choices/Choices';
import { headerRenderer } from './Header/Header';
import { imageRenderer } from './Image/Image';
import { labelRenderer, labelsRenderer } from './Labels/Labels';
import { rectangleRenderer } from './Rectangle/Rectangle';
import { rectangleLabelsRenderer } from './RectangleLabels/RectangleLabels';
import { installStyles } from './shared/styles';
import { textAreaRenderer } from './TextArea/TextArea';
import { textRenderer } from './Text/Text';
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
    TextArea: textAreaRenderer,
  },
};
