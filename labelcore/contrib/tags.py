"""What a tag type is: the contract between the config language and plugins.

A plugin returns ``TagType`` instances from ``register_tag_types``. The core's
config compiler reads them as data (attributes, children, targets, result
schema) and calls their few methods; it never names a concrete tag.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal

AttributeKind = Literal[
    "string", "boolean", "integer", "number", "enum", "color", "data", "hotkey"
]
TagKind = Literal["object", "control", "visual", "child"]


@dataclass(frozen=True)
class Attribute:
    """One attribute a tag accepts.

    ``kind`` decides how the value is checked: ``enum`` against ``choices``,
    ``data`` must be a ``$key`` reference (or a literal when ``literal_ok``),
    ``boolean`` accepts ``true``/``false`` the way Label Studio's editor does.
    """

    kind: AttributeKind = "string"
    required: bool = False
    default: Any = None
    choices: tuple[str, ...] = ()
    literal_ok: bool = False
    help: str = ""
    minimum: float | None = None
    maximum: float | None = None
    """Bounds for ``integer`` and ``number`` values, checked when set."""


@dataclass
class ResultContext:
    """What a control's ``check_value`` may consult besides the value itself.

    ``control`` is the compiled control element (name, attributes, labels);
    ``object_value`` is the resolved task data behind the control's target
    (the text for span labels, the URL for an image), or ``None`` when the
    task is not known (a prediction checked on its own). ``item`` is the
    whole result item (``original_width``, ``item_index``, ...), ``config``
    the ``ParsedConfig`` (for rules that read other controls), ``items``
    every item of the same result list.
    """

    control: Any
    target: Any
    object_value: Any = None
    task_data: Mapping[str, Any] | None = None
    item: Mapping[str, Any] | None = None
    config: Any = None
    items: Sequence[Any] = ()


class TagType:
    """Base of every tag; subclass one of the four kinds below.

    Class attributes are the declaration; override the methods only where a
    tag needs more than its schema.
    """

    name: ClassVar[str]
    kind: ClassVar[TagKind]
    attributes: ClassVar[Mapping[str, Attribute]] = {}
    children: ClassVar[Sequence[str] | None] = ()
    """Tag names allowed inside; ``None`` allows any tag (View), ``()`` none."""
    description: ClassVar[str] = ""

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name!r}>"

    def check_element(self, element: Any, config: Any) -> list:
        """Rules of this tag past its attributes, checked once per config.

        ``element`` is the compiled object or control (``CompiledObject``,
        ``CompiledControl``); ``config`` the ``ParsedConfig`` being built.
        Return ``(attribute or None, message)`` pairs for errors, or
        ``(attribute, message, "warning")`` triples for warnings.
        """
        return []


class VisualTagType(TagType):
    """Layout and decoration (``View``, ``Header``): no data, no result."""

    kind = "visual"
    children = None


class ChildTagType(TagType):
    """An option of a control (``Choice``, ``Label``): no result of its own."""

    kind = "child"


class ObjectTagType(TagType):
    """A piece of task data shown to the annotator (``Text``, ``Image``).

    ``value_kinds`` says what the ``$key`` must resolve to in a task:
    ``text`` (a string), ``url`` (http(s), a data URI or a server path),
    ``list``, ``object`` or ``any``.
    """

    kind = "object"
    value_kinds: ClassVar[Sequence[str]] = ("any",)

    def value_kinds_for(self, attributes: Mapping[str, Any]) -> Sequence[str]:
        """The value kinds for one use of the tag, given its typed attributes.

        Defaults to ``value_kinds``; override when an attribute changes what
        the data must be (``<Text valueType="url">`` reads a URL, not text).
        """
        return self.value_kinds

    def check_data(self, value: Any) -> str | None:
        """Return why ``value`` cannot be shown by this tag, or ``None``.

        Called only for values that passed the ``value_kinds`` check.
        """
        return None

    def check_data_for(self, value: Any, element: Any) -> str | None:
        """Like ``check_data``, knowing the compiled element (its attributes
        and child tags, such as a ``TimeSeries``'s channel columns).

        Defaults to ``check_data(value)``.
        """
        return self.check_data(value)

    def sample_data(self, element: Any) -> Any:
        """A small value this tag can show, for a generated sample task.

        ``element`` is the compiled object; return ``None`` when the tag
        cannot make one up (the generator then writes a placeholder string).
        Media must be data URIs, never remote URLs.
        """
        return None


class ControlTagType(TagType):
    """A tag that produces results (``Choices``, ``RectangleLabels``).

    ``targets`` are the object tag names ``toName`` may point at (empty:
    any object tag); ``result_type`` is the result item's ``type`` (Label
    Studio's lower-case tag name); ``value_schema`` is the JSON schema of the
    item's ``value``, compiled once by the config compiler. When
    ``option_tag`` is set, the strings in ``value[result_type]`` must be the
    ``value`` (or ``alias``) of one of the control's options, or of the
    options loaded from the task when the control has ``value="$key"``.
    """

    kind = "control"
    targets: ClassVar[Sequence[str]] = ()
    result_type: ClassVar[str] = ""
    value_schema: ClassVar[Mapping[str, Any]] = {"type": "object"}
    option_tag: ClassVar[str | None] = None
    """The child tag holding this control's options (``Choice``), if any."""
    creates_regions: ClassVar[bool] = False
    """Whether each result item is a region (a span, a box) that relations
    and per-region controls can refer to by its ``id``."""
    checks_value_alone: ClassVar[bool] = False
    """Whether ``check_value`` reads nothing but the value and
    ``context.control``. Then a value that passed once passes again for the
    same control, and an import of a million predictions that choose among
    three classes checks three values; leave it False when the verdict can
    depend on the task, the target or the other items."""

    def check_value(self, value: Mapping[str, Any], context: ResultContext) -> list:
        """Semantic checks past the schema; return ``(field, message)`` pairs.

        Called only for a value that passed ``value_schema``. ``field`` is
        the dotted path in the result item (``"value.end"``), ``message`` a
        sentence saying what was expected and what came.
        """
        return []

    def similarity(self, first: Mapping[str, Any], second: Mapping[str, Any]) -> float:
        """How alike two result values of this control are, from 0 to 1."""
        return 1.0 if first == second else 0.0

    def compare(self, first: Mapping[str, Any], second: Mapping[str, Any]) -> float:
        """How alike two whole result items are, from 0 to 1.

        Defaults to ``similarity`` of their values; a tag whose comparison
        needs more than the value (an image's ``original_width`` and
        ``original_height`` for rotated boxes) overrides this.
        """
        return self.similarity(first.get("value") or {}, second.get("value") or {})

    def sample_value(self, context: ResultContext) -> Mapping | None:
        """One valid result ``value`` for ``context.control``, or ``None``
        when the tag makes no result of its own (``Relations``).

        ``context.target`` is the first object the control labels and
        ``context.object_value`` that object's data in the sample task.
        """
        return None


@dataclass
class Template:
    """One entry of the template gallery."""

    name: str
    title: str
    group: str
    config: str
    description: str = ""
    sample_task: Mapping[str, Any] = field(default_factory=dict)
    image: str = ""


@dataclass
class Demo:
    """A demo project that ``labelcore demo`` creates once.

    ``tasks`` is called as ``tasks(media_url)`` when the demo is loaded and
    returns an iterable of task dicts; ``media_url(file_name)`` gives the URL
    at which the server serves one of the files listed in ``media``.
    """

    name: str
    title: str
    config: str
    tasks: Any
    description: str = ""
    media: Mapping[str, str] = field(default_factory=dict)
    """File name -> path of the media files the demo's tasks show."""
