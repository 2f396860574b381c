"""The tag types this plugin registers, one module per family."""

from labelcore_templates.tags.choices import Choice, Choices
from labelcore_templates.tags.layout import Header, Style, View
from labelcore_templates.tags.objects import Image, Text
from labelcore_templates.tags.rectangles import Rectangle, RectangleLabels
from labelcore_templates.tags.spans import Label, Labels
from labelcore_templates.tags.textarea import Shortcut, TextArea

ALL_TAG_TYPES = (
    View,
    Header,
    Style,
    Text,
    Image,
    Choices,
    Choice,
    Labels,
    Label,
    RectangleLabels,
    Rectangle,
    TextArea,
    Shortcut,
)

__all__ = [
    "ALL_TAG_TYPES",
    "Choice",
    "Choices",
    "Header",
    "Image",
    "Label",
    "Labels",
    "Rectangle",
    "RectangleLabels",
    "Shortcut",
    "Style",
    "Text",
    "TextArea",
    "View",
]
