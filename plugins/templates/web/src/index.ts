// The built-in tag renderers of labelcore-templates, loaded by the web UI at run time like
// any plugin's web module: `export default { tags: { TagName: renderer } }`. Heavy libraries
// (the waveform, pdf.js, the chart, markdown) are imported by their tag's component when
// first used, as chunks beside this module.
import { audioRenderer } from './Audio/Audio';
import { bitmaskControls, brushControls, magicWandRenderer } from './Brush/Brush';
import { chatRenderer } from './Chat/Chat';
import { choiceRenderer, choicesRenderer } from './Choices/Choices';
import { dateTimeRenderer } from './DateTime/DateTime';
import { ellipseControls } from './Ellipse/Ellipse';
import { headerRenderer } from './Header/Header';
import { hyperTextLabelsRenderer, hyperTextRenderer } from './HyperText/HyperText';
import { imageRenderer } from './Image/Image';
import { keyPointControls } from './KeyPoint/KeyPoint';
import { labelRenderer, labelsRenderer } from './Labels/Labels';
import {
  collapseRenderer,
  dialogRenderer,
  filterRenderer,
  pagedViewRenderer,
  panelRenderer,
  relationRenderer,
  relationsRenderer,
  styleRenderer,
} from './Layout/Layout';
import { markdownRenderer } from './Markdown/Markdown';
import { numberRenderer } from './Number/Number';
import { pairwiseRenderer } from './Pairwise/Pairwise';
import { paragraphLabelsRenderer, paragraphsRenderer } from './Paragraphs/Paragraphs';
import { pdfRenderer } from './Pdf/Pdf';
import { polygonControls } from './Polygon/Polygon';
import { bucketRenderer, listRenderer, rankerRenderer } from './Ranker/Ranker';
import { ratingRenderer } from './Rating/Rating';
import { rectangleRenderer } from './Rectangle/Rectangle';
import { rectangleLabelsRenderer } from './RectangleLabels/RectangleLabels';
import { installStyles } from './shared/styles';
import { tableRenderer } from './Table/Table';
import { taxonomyRenderer } from './Taxonomy/Taxonomy';
import { shortcutRenderer, textAreaRenderer } from './TextArea/TextArea';
import { textRenderer } from './Text/Text';
import {
  channelRenderer,
  multiChannelRenderer,
  timeSeriesLabelsRenderer,
  timeSeriesRenderer,
} from './TimeSeries/TimeSeries';
import { vectorControls } from './Vector/Vector';
import { timelineLabelsRenderer, videoRectangleRenderer, videoRenderer } from './Video/Video';
import { viewRenderer } from './View/View';

installStyles();

export default {
  tags: {
    View: viewRenderer,
    Header: headerRenderer,
    Style: styleRenderer,
    Filter: filterRenderer,
    Collapse: collapseRenderer,
    Panel: panelRenderer,
    PagedView: pagedViewRenderer,
    Dialog: dialogRenderer,
    Text: textRenderer,
    HyperText: hyperTextRenderer,
    Image: imageRenderer,
    Audio: audioRenderer,
    AudioPlus: audioRenderer,
    Video: videoRenderer,
    Pdf: pdfRenderer,
    PDF: pdfRenderer,
    Paragraphs: paragraphsRenderer,
    Table: tableRenderer,
    List: listRenderer,
    Markdown: markdownRenderer,
    TimeSeries: timeSeriesRenderer,
    Channel: channelRenderer,
    MultiChannel: multiChannelRenderer,
    Chat: chatRenderer,
    Choices: choicesRenderer,
    Choice: choiceRenderer,
    Taxonomy: taxonomyRenderer,
    Rating: ratingRenderer,
    Number: numberRenderer,
    DateTime: dateTimeRenderer,
    TextArea: textAreaRenderer,
    Shortcut: shortcutRenderer,
    Pairwise: pairwiseRenderer,
    Ranker: rankerRenderer,
    Bucket: bucketRenderer,
    Labels: labelsRenderer,
    Label: labelRenderer,
    HyperTextLabels: hyperTextLabelsRenderer,
    ParagraphLabels: paragraphLabelsRenderer,
    TimeSeriesLabels: timeSeriesLabelsRenderer,
    TimelineLabels: timelineLabelsRenderer,
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
    VideoRectangle: videoRectangleRenderer,
    Relations: relationsRenderer,
    Relation: relationRenderer,
  },
};
