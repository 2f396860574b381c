"""The tag types this plugin registers, one module per family.

Together they are the tags of Label Studio's open-source editor, so that a
config written for it is accepted here unchanged.
"""

from labelcore_templates.tags.chat import Chat
from labelcore_templates.tags.choices import Choice, Choices, Taxonomy
from labelcore_templates.tags.layout import (
    Collapse,
    Dialog,
    Filter,
    Header,
    PagedView,
    Panel,
    Repeater,
    Style,
    View,
)
from labelcore_templates.tags.masks import (
    Bitmask,
    BitmaskLabels,
    Brush,
    BrushLabels,
    MagicWand,
)
from labelcore_templates.tags.objects import (
    Audio,
    AudioPlus,
    HyperText,
    Image,
    List,
    Markdown,
    Paragraphs,
    Pdf,
    Table,
    Text,
    Video,
)
from labelcore_templates.tags.polygons import (
    Ellipse,
    EllipseLabels,
    KeyPoint,
    KeyPointLabels,
    Polygon,
    PolygonLabels,
    Vector,
    VectorLabels,
)
from labelcore_templates.tags.rectangles import Rectangle, RectangleLabels
from labelcore_templates.tags.relations import Relation, Relations
from labelcore_templates.tags.scores import (
    Bucket,
    DateTime,
    Number,
    Pairwise,
    Ranker,
    Rating,
)
from labelcore_templates.tags.spans import (
    HyperTextLabels,
    Label,
    Labels,
    ParagraphLabels,
    TimelineLabels,
    TimeSeriesLabels,
)
from labelcore_templates.tags.textarea import Shortcut, TextArea
from labelcore_templates.tags.timeseries import Channel, MultiChannel, TimeSeries
from labelcore_templates.tags.video import VideoRectangle

VISUAL_TAGS = (
    View,
    Header,
    Style,
    Filter,
    Collapse,
    Panel,
    Repeater,
    PagedView,
    Dialog,
)
OBJECT_TAGS = (
    Text,
    HyperText,
    Image,
    Audio,
    AudioPlus,
    Video,
    Pdf,
    Paragraphs,
    Table,
    List,
    Markdown,
    TimeSeries,
    Channel,
    MultiChannel,
    Chat,
)
CONTROL_TAGS = (
    Choices,
    Choice,
    Taxonomy,
    Rating,
    Number,
    DateTime,
    TextArea,
    Shortcut,
    Pairwise,
    Ranker,
    Bucket,
    Labels,
    Label,
    HyperTextLabels,
    ParagraphLabels,
    TimeSeriesLabels,
    TimelineLabels,
    RectangleLabels,
    Rectangle,
    PolygonLabels,
    Polygon,
    EllipseLabels,
    Ellipse,
    KeyPointLabels,
    KeyPoint,
    VectorLabels,
    Vector,
    BrushLabels,
    Brush,
    MagicWand,
    BitmaskLabels,
    Bitmask,
    VideoRectangle,
    Relations,
    Relation,
)
ALL_TAG_TYPES = VISUAL_TAGS + OBJECT_TAGS + CONTROL_TAGS

__all__ = ["ALL_TAG_TYPES", "CONTROL_TAGS", "OBJECT_TAGS", "VISUAL_TAGS"] + [
    tag.__name__ for tag in ALL_TAG_TYPES
]
