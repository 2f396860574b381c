"""Object tags: the task data an annotator looks at.

Each declares what its ``$key`` must hold in a task (``value_kinds``) and,
where a list or an object needs a closer look, checks it in
``check_data_for``. ``sample_data`` makes up a value for sample tasks.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from labelcore import Attribute, ObjectTagType
from labelcore_templates.tags import sample_media
from labelcore_templates.tags.common import (
    DATA_VALUE,
    NAME,
    OPTIONAL_DATA_VALUE,
)

SAMPLE_TEXT = (
    "Ada Lovelace wrote the first program for Charles Babbage's Analytical "
    "Engine in London in 1843."
)
SAMPLE_HTML = (
    "<article><h2>Release notes</h2><p>The new release <b>fixes</b> the "
    "installer and speeds up imports.</p></article>"
)
TEXT_ATTRIBUTES = {
    "name": NAME,
    "value": Attribute(
        "data", required=True, literal_ok=True, help="'$key', or a literal text."
    ),
    "valueType": Attribute(
        "enum",
        choices=("text", "url"),
        default="text",
        help="Whether the data holds the text itself or a URL to load.",
    ),
    "saveTextResult": Attribute("enum", choices=("yes", "no")),
    "encoding": Attribute(
        "enum", choices=("none", "base64", "base64unicode"), default="none"
    ),
    "selectionEnabled": Attribute("boolean", default=True),
    "highlightColor": Attribute("color"),
    "showLabels": Attribute("boolean"),
    "granularity": Attribute(
        "enum", choices=("symbol", "word", "sentence", "paragraph")
    ),
    "inline": Attribute("boolean", default=False),
}


_IDENTIFIER = re.compile(r"[A-Za-z_][\w.]*")


def forgotten_dollar(element: Any) -> list:
    """A literal ``value`` that is one bare word most likely lacks its ``$``.

    Label Studio shows a literal text as it is (``value="Read this"``), so
    literals stay allowed; ``value="text"`` is refused with the fix.
    """
    raw = element.attributes.get("value")
    if element.value_key is not None or not isinstance(raw, str):
        return []
    if not _IDENTIFIER.fullmatch(raw.strip()):
        return []
    return [
        (
            "value",
            f"the attribute 'value' of {element.tag!r} must name a task data key "
            f"as '$key' (for example '$text'); got {raw!r}",
        )
    ]


class Text(ObjectTagType):
    name = "Text"
    description = "Shows a text; spans of it can be labelled with Labels."
    children = ()
    value_kinds = ("text", "number")
    attributes = TEXT_ATTRIBUTES

    def value_kinds_for(self, attributes: Mapping[str, Any]) -> Sequence[str]:
        # Label Studio shows numbers as text, so a numeric field is fine.
        return ("url",) if attributes.get("valueType") == "url" else ("text", "number")

    def check_element(self, element: Any, config: Any) -> list:
        return forgotten_dollar(element)

    def sample_data(self, element: Any) -> Any:
        if element.attribute("valueType") == "url":
            return sample_media.data_uri(SAMPLE_TEXT.encode(), "text/plain")
        return SAMPLE_TEXT


def shows_plain_text(target: Any) -> bool:
    """Whether a compiled ``Text`` holds its text directly (offsets apply)."""
    if target is None or target.tag != "Text":
        return False
    return target.attribute("valueType") != "url" and target.attribute("encoding") in (
        None,
        "none",
    )


class HyperText(ObjectTagType):
    name = "HyperText"
    description = "Shows HTML; spans are stored as XPath ranges with global offsets."
    children = ()
    value_kinds = ("text",)
    attributes = {
        **TEXT_ATTRIBUTES,
        "clickableLinks": Attribute("boolean", default=False),
    }

    def value_kinds_for(self, attributes: Mapping[str, Any]) -> Sequence[str]:
        return ("url",) if attributes.get("valueType") == "url" else ("text",)

    def check_element(self, element: Any, config: Any) -> list:
        return forgotten_dollar(element)

    def sample_data(self, element: Any) -> Any:
        if element.attribute("valueType") == "url":
            return sample_media.data_uri(SAMPLE_HTML.encode(), "text/html")
        return SAMPLE_HTML


def _media_attributes(**extra: Attribute) -> dict[str, Attribute]:
    return {"name": NAME, "value": DATA_VALUE, **extra}


class Image(ObjectTagType):
    name = "Image"
    description = (
        "Shows an image (or several, with valueList); regions on it are in "
        "percent of its size."
    )
    children = ()
    value_kinds = ("url",)
    attributes = {
        "name": NAME,
        "value": OPTIONAL_DATA_VALUE,
        "valueList": Attribute("data", help="Task data key holding a list of URLs."),
        "inline": Attribute("boolean", default=False),
        "smoothing": Attribute("boolean"),
        "width": Attribute(default="100%"),
        "height": Attribute(),
        "maxWidth": Attribute(default="750px"),
        "maxHeight": Attribute(),
        "zoom": Attribute("boolean", default=False),
        "negativeZoom": Attribute("boolean", default=False),
        "zoomBy": Attribute("number", default=1.1),
        "grid": Attribute("boolean", default=False),
        "gridSize": Attribute("number", default=30),
        "gridColor": Attribute("color", default="#EEEEF4"),
        "zoomControl": Attribute("boolean", default=False),
        "brightnessControl": Attribute("boolean", default=False),
        "contrastControl": Attribute("boolean", default=False),
        "rotateControl": Attribute("boolean", default=False),
        "crosshair": Attribute("boolean", default=False),
        "horizontalAlignment": Attribute(
            "enum", choices=("left", "center", "right"), default="left"
        ),
        "verticalAlignment": Attribute(
            "enum", choices=("top", "center", "bottom"), default="top"
        ),
        "defaultZoom": Attribute(
            "enum", choices=("auto", "original", "fit"), default="fit"
        ),
        "crossOrigin": Attribute(
            "enum", choices=("none", "anonymous", "use-credentials"), default="none"
        ),
    }

    def value_kinds_for(self, attributes: Mapping[str, Any]) -> Sequence[str]:
        if "valueList" in attributes and "value" not in attributes:
            return ("list",)
        return ("url",)

    def check_data_for(self, value: Any, element: Any) -> str | None:
        if not isinstance(value, list):
            return None
        for position, url in enumerate(value):
            if not isinstance(url, str) or not url.strip():
                return f"item {position} of the image list must be a URL; got {url!r}"
        return None

    def check_element(self, element: Any, config: Any) -> list:
        if "value" in element.attributes or "valueList" in element.attributes:
            return []
        return [
            (
                None,
                f'the Image {element.name!r} needs value="$image" (one image) '
                f'or valueList="$images" (several); add one of them',
            )
        ]

    def sample_data(self, element: Any) -> Any:
        if "valueList" in element.attributes and "value" not in element.attributes:
            return [sample_media.image(), sample_media.image()]
        return sample_media.image()


AUDIO_ATTRIBUTES = _media_attributes(
    hotkey=Attribute("hotkey"),
    sync=Attribute(help="Name of a tag to play in sync with."),
    volume=Attribute("number", default=1, minimum=0, maximum=1),
    # A number in Audio; AudioPlus configs still say speed="false".
    speed=Attribute(default="1", help="Playback speed, or whether to show it."),
    zoom=Attribute("boolean", default=True),
    defaultVolume=Attribute("number", minimum=0, maximum=1),
    defaultSpeed=Attribute("number", minimum=0.25, maximum=4),
    defaultZoom=Attribute("number", minimum=1),
    defaultScale=Attribute("number"),
    volumeControl=Attribute("boolean"),
    speedControl=Attribute("boolean"),
    zoomControl=Attribute("boolean"),
    height=Attribute("number", minimum=0),
    waveHeight=Attribute("number", minimum=0),
    cursorWidth=Attribute("number", minimum=0),
    cursorColor=Attribute("color"),
    splitChannels=Attribute("boolean", default=False),
    decoder=Attribute("enum", choices=("webaudio", "ffmpeg"), default="webaudio"),
    player=Attribute("enum", choices=("html5", "webaudio"), default="html5"),
    spectrogram=Attribute("boolean", default=False),
    muted=Attribute("boolean", default=False),
    showLabels=Attribute("boolean"),
)


class Audio(ObjectTagType):
    name = "Audio"
    description = "Plays audio with its waveform; segments are in seconds."
    children = ()
    value_kinds = ("url",)
    attributes = AUDIO_ATTRIBUTES

    def sample_data(self, element: Any) -> Any:
        return sample_media.audio()


class AudioPlus(Audio):
    name = "AudioPlus"
    description = "The older name of Audio, accepted for existing configs."


class Video(ObjectTagType):
    name = "Video"
    description = "Plays a video; boxes are keyframes, timelines count frames."
    children = ()
    value_kinds = ("url",)
    attributes = _media_attributes(
        hotkey=Attribute("hotkey"),
        sync=Attribute(help="Name of a tag to play in sync with."),
        frameRate=Attribute("number", default=24, minimum=0),
        height=Attribute("number", minimum=0),
        timelineHeight=Attribute("number", minimum=0),
        muted=Attribute("boolean", default=False),
        defaultPlaybackSpeed=Attribute("number", minimum=0),
        minPlaybackSpeed=Attribute("number", minimum=0),
        maxPlaybackSpeed=Attribute("number", minimum=0),
    )

    def sample_data(self, element: Any) -> Any:
        return sample_media.video()


class Pdf(ObjectTagType):
    name = "PDF"
    description = "Shows a PDF document."
    children = ()
    value_kinds = ("url",)
    attributes = _media_attributes(
        width=Attribute(), height=Attribute(), zoom=Attribute("boolean")
    )

    def sample_data(self, element: Any) -> Any:
        return sample_media.pdf()


class Paragraphs(ObjectTagType):
    name = "Paragraphs"
    description = "Shows a list of utterances (a dialogue or a transcript)."
    children = ()
    value_kinds = ("list", "url")
    attributes = _media_attributes(
        valueType=Attribute("enum", choices=("json", "url"), default="json"),
        audioUrl=Attribute("data", help="Task data key of an audio file to sync."),
        sync=Attribute(help="Name of an Audio tag to play in sync with."),
        showPlayer=Attribute("boolean", default=False),
        saveTextResult=Attribute("enum", choices=("yes", "no"), default="yes"),
        layout=Attribute("enum", choices=("none", "dialogue"), default="none"),
        nameKey=Attribute(default="author", help="Key of each item's speaker."),
        textKey=Attribute(default="text", help="Key of each item's text."),
        contextScroll=Attribute("boolean", default=False),
        granularity=Attribute("enum", choices=("symbol", "word", "paragraph")),
    )

    def value_kinds_for(self, attributes: Mapping[str, Any]) -> Sequence[str]:
        return ("url",) if attributes.get("valueType") == "url" else ("list",)

    def check_data_for(self, value: Any, element: Any) -> str | None:
        if not isinstance(value, list):
            return None
        text_key = element.attribute("textKey")
        for position, item in enumerate(value):
            if not isinstance(item, Mapping):
                return (
                    f"item {position} must be an object with a {text_key!r} "
                    f"string; got {type(item).__name__}"
                )
            if not isinstance(item.get(text_key), str):
                return (
                    f"item {position} must have a {text_key!r} string (textKey); "
                    f"it has {', '.join(map(repr, item)) or 'no keys'}"
                )
        return None

    def sample_data(self, element: Any) -> Any:
        name_key, text_key = element.attribute("nameKey"), element.attribute("textKey")
        return [
            {name_key: "Alice", text_key: "Hi! Is the new release out yet?"},
            {name_key: "Bob", text_key: "Yes, it came out this morning."},
            {name_key: "Alice", text_key: "Great, I will try the installer."},
        ]


def paragraph_texts(target: Any, value: Any) -> list[str] | None:
    """The texts of a ``Paragraphs`` value, or ``None`` if it is not a list."""
    if not isinstance(value, list):
        return None
    text_key = target.attribute("textKey") if target is not None else "text"
    return [
        item.get(text_key, "") if isinstance(item, Mapping) else "" for item in value
    ]


class Table(ObjectTagType):
    name = "Table"
    description = "Shows key/value pairs (an object) or rows (a list of objects)."
    children = ()
    value_kinds = ("object", "list", "url")
    attributes = _media_attributes(
        valueType=Attribute("enum", choices=("json", "url"), default="json"),
    )

    def sample_data(self, element: Any) -> Any:
        return {"Product": "Laptop", "Price": 999, "In stock": "yes"}


class List(ObjectTagType):
    name = "List"
    description = "Shows a list of items with ids, to be ranked by a Ranker."
    children = ()
    value_kinds = ("list",)
    attributes = _media_attributes(title=Attribute(help="Heading of the list."))

    def check_data_for(self, value: Any, element: Any) -> str | None:
        seen = set()
        for position, item in enumerate(value):
            if not isinstance(item, Mapping) or "id" not in item:
                return f"item {position} must be an object with an 'id'"
            if item["id"] in seen:
                return f"item {position} repeats the id {item['id']!r}; ids must differ"
            seen.add(item["id"])
        return None

    def sample_data(self, element: Any) -> Any:
        return [
            {"id": "a", "title": "Getting started", "body": "Install and run."},
            {"id": "b", "title": "Configuration", "body": "Every setting."},
            {"id": "c", "title": "Changelog", "body": "What is new."},
        ]


def list_item_ids(value: Any) -> set[str] | None:
    """The ids of a ``List`` value as strings, or ``None`` when unknown."""
    if not isinstance(value, list):
        return None
    return {
        str(item["id"]) for item in value if isinstance(item, Mapping) and "id" in item
    }


class Markdown(ObjectTagType):
    name = "Markdown"
    description = "Shows Markdown, written inside the tag or taken from '$key'."
    children = ()
    value_kinds = ("text",)
    attributes = {
        "name": Attribute(help="Name of the tag."),
        "value": Attribute("data", literal_ok=True, help="'$key', or Markdown."),
        "style": Attribute(),
        "className": Attribute(),
        "idAttr": Attribute(),
    }

    def sample_data(self, element: Any) -> Any:
        return "## Instructions\n\nRead the text and mark **every** name."
