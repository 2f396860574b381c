"""Where a span lies, per kind of object: text, HTML, paragraphs, time.

Text offsets are Unicode code points (Python string indexes); the web UI
converts from the browser's UTF-16 before it saves. HTML spans are XPath
ranges plus ``globalOffsets`` into the text content; paragraph spans name
paragraph indexes with offsets inside them; audio spans are seconds.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from labelcore_templates.tags.common import excerpt


def _offset_problems(value: Mapping[str, Any]) -> list:
    start, end = value.get("start"), value.get("end")
    for field, number in (("start", start), ("end", end)):
        if isinstance(number, bool) or not isinstance(number, int) or number < 0:
            return [
                (
                    f"value.{field}",
                    f"must be a whole number from 0 (an offset in code points); "
                    f"got {number!r}",
                )
            ]
    if end < start:
        return [("value.end", f"must not be before start ({start}); got {end}")]
    return []


def text_span_problems(value: Mapping[str, Any], text: Any) -> list:
    """A span of a plain text: offsets inside it, ``text`` equal to the slice."""
    problems = _offset_problems(value)
    if problems or text is None:
        return problems
    if isinstance(text, (int, float)) and not isinstance(text, bool):
        text = str(text)
    if not isinstance(text, str):
        return []

    start, end = value["start"], value["end"]
    if end > len(text):
        return [
            (
                "value.end",
                f"the span ends at {end}, past the end of the text "
                f"({len(text)} characters); offsets count Unicode code points",
            )
        ]
    if "text" in value and text[start:end] != value["text"]:
        return [
            (
                "value.text",
                f"does not match the text at {start}-{end}, which is "
                f"{excerpt(text[start:end])}; got {excerpt(str(value['text']))}. "
                f"Offsets count Unicode code points",
            )
        ]
    return []


@lru_cache(maxsize=64)
def _html_content(html: str):
    from lxml import etree
    from lxml import html as lxml_html

    try:
        root = lxml_html.fragment_fromstring(html, create_parent="div")
    except (etree.ParserError, ValueError):
        return None, None
    return root, root.text_content()


def _squeezed(text: str) -> str:
    return "".join(text.split())


def hypertext_span_problems(value: Mapping[str, Any], html: Any) -> list:
    """An HTML span: XPath ends with offsets, and global offsets in its text."""
    for field in ("start", "end"):
        if not isinstance(value.get(field), str):
            return [
                (
                    f"value.{field}",
                    f"must be the XPath of the node where the span "
                    f"{'starts' if field == 'start' else 'ends'} (such as "
                    f"'/p[1]/text()[1]'); got {value.get(field)!r}",
                )
            ]
    for field in ("startOffset", "endOffset"):
        number = value.get(field)
        if number is not None and (
            isinstance(number, bool) or not isinstance(number, int) or number < 0
        ):
            return [
                (f"value.{field}", f"must be a whole number from 0; got {number!r}")
            ]

    if not isinstance(html, str):
        return []
    root, content = _html_content(html)
    if root is None:
        return []
    problems = _xpath_problems(value, root)
    if problems:
        return problems
    return _global_offset_problems(value, content)


def _xpath_problems(value: Mapping[str, Any], root) -> list:
    from lxml import etree

    for field, offset_field in (("start", "startOffset"), ("end", "endOffset")):
        path = value[field]
        try:
            found = root.xpath("." + path) if path.startswith("/") else None
        except etree.XPathError:
            return [
                (
                    f"value.{field}",
                    f"is not a valid XPath; got {path!r}. Label Studio writes "
                    f"paths such as '/p[1]/text()[1]'",
                )
            ]
        # A path the browser's DOM has but lxml's does not (an implied
        # <tbody>, say) is not an error: only what resolves is checked.
        if not found or value.get(offset_field) is None:
            continue
        node = found[0]
        node_text = str(node) if isinstance(node, str) else node.text_content()
        if value[offset_field] > len(node_text):
            return [
                (
                    f"value.{offset_field}",
                    f"is {value[offset_field]}, past the end of the node at "
                    f"{path!r} ({len(node_text)} characters)",
                )
            ]
    return []


def _global_offset_problems(value: Mapping[str, Any], content: str) -> list:
    offsets = value.get("globalOffsets")
    if offsets is None:
        return []
    if not isinstance(offsets, Mapping):
        return [("value.globalOffsets", "must be an object with start and end")]
    problems = _offset_problems(offsets)
    if problems:
        return [(f"value.globalOffsets.{f.split('.')[-1]}", m) for f, m in problems]

    start, end = offsets["start"], offsets["end"]
    if end > len(content):
        return [
            (
                "value.globalOffsets.end",
                f"is {end}, past the end of the HTML's text ({len(content)} "
                f"characters)",
            )
        ]
    covered = value.get("text")
    if isinstance(covered, str):
        wanted, found = _squeezed(covered), _squeezed(content[start:end])
        # Browsers and lxml may count whitespace differently; a text that is
        # nowhere in the document is wrong either way.
        if wanted != found and wanted not in _squeezed(content):
            return [
                (
                    "value.text",
                    f"does not appear in the HTML; at {start}-{end} its text is "
                    f"{excerpt(content[start:end])}, got {excerpt(covered)}",
                )
            ]
    return []


def paragraph_span_problems(value: Mapping[str, Any], texts: list | None) -> list:
    """A span over ``Paragraphs``: paragraph indexes and offsets inside them."""
    indexes = {}
    for field in ("start", "end"):
        raw = value.get(field)
        if isinstance(raw, str) and raw.isdigit():
            raw = int(raw)
        if isinstance(raw, bool) or not isinstance(raw, int) or raw < 0:
            return [
                (
                    f"value.{field}",
                    f"must be the index of a paragraph (a whole number from 0, "
                    f"or its string); got {value.get(field)!r}",
                )
            ]
        indexes[field] = raw
    if indexes["end"] < indexes["start"]:
        return [
            (
                "value.end",
                f"must not be before start ({indexes['start']}); got {indexes['end']}",
            )
        ]
    if texts is None:
        return []

    for field, offset_field in (("start", "startOffset"), ("end", "endOffset")):
        if indexes[field] >= len(texts):
            return [
                (
                    f"value.{field}",
                    f"is paragraph {indexes[field]}, but the task has "
                    f"{len(texts)} paragraphs (counted from 0)",
                )
            ]
        offset = value.get(offset_field)
        paragraph = texts[indexes[field]]
        if isinstance(offset, int) and offset > len(paragraph):
            return [
                (
                    f"value.{offset_field}",
                    f"is {offset}, past the end of paragraph {indexes[field]} "
                    f"({len(paragraph)} characters)",
                )
            ]

    covered = value.get("text")
    if isinstance(covered, str) and "startOffset" in value and "endOffset" in value:
        first, last = indexes["start"], indexes["end"]
        pieces = [texts[first][value["startOffset"] :]]
        pieces += texts[first + 1 : last]
        if first == last:
            pieces = [texts[first][value["startOffset"] : value["endOffset"]]]
        else:
            pieces.append(texts[last][: value["endOffset"]])
        if _squeezed(covered) != _squeezed("".join(pieces)):
            return [
                (
                    "value.text",
                    f"does not match the paragraphs at that range, which read "
                    f"{excerpt(' '.join(pieces))}; got {excerpt(covered)}",
                )
            ]
    return []


def time_span_problems(value: Mapping[str, Any]) -> list:
    """A segment of audio in seconds: ``0 <= start <= end``."""
    for field in ("start", "end"):
        number = value.get(field)
        if isinstance(number, bool) or not isinstance(number, (int, float)):
            return [(f"value.{field}", f"must be a time in seconds; got {number!r}")]
        if number < 0:
            return [(f"value.{field}", f"must not be negative; got {number:g}")]
    if value["end"] < value["start"]:
        return [
            (
                "value.end",
                f"must not be before start ({value['start']:g} s); got "
                f"{value['end']:g}",
            )
        ]
    return []


def interval_overlap(first: tuple, second: tuple) -> float:
    """Intersection over union of two intervals ``(start, end)``."""
    start, end = max(first[0], second[0]), min(first[1], second[1])
    union = max(first[1], second[1]) - min(first[0], second[0])
    if union <= 0:
        return 1.0 if first == second else 0.0
    return max(0.0, end - start) / union


def span_interval(value: Mapping[str, Any]) -> tuple[float, float] | None:
    """A comparable interval for any span value, or ``None``."""
    offsets = value.get("globalOffsets")
    if isinstance(offsets, Mapping):
        value = offsets
    start, end = value.get("start"), value.get("end")
    if isinstance(start, str) and start.isdigit():
        # Paragraph spans: order by paragraph first, then offset inside.
        scale = 1_000_000
        start = int(start) * scale + int(value.get("startOffset") or 0)
        end = int(end) * scale + int(value.get("endOffset") or 0)
    if isinstance(start, (int, float)) and isinstance(end, (int, float)):
        return float(start), float(end)
    return None
