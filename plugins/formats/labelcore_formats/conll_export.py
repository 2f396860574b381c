"""CoNLL 2003: one token a line with its BIO tag, a blank line between texts.

As in Label Studio, the text is written once for each annotation that was
not skipped, newest first, and once without tags when the task has no
annotation; a task whose every annotation was skipped is left out. The text
is cut into words and single punctuation marks; a token inside a
labelled span is tagged ``B-<label>`` when it starts the span and
``I-<label>`` after that, any other token ``O``. Offsets are Unicode code
points, as in the results.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from labelcore import ExportContext, Exporter
from labelcore_formats.regions import kept_annotations

TOKEN = re.compile(r"\w+(?:['\-.]\w+)*|[^\w\s]")
DOCUMENT_START = "-DOCSTART- -X- O\n"


def tagged_tokens(
    text: str, spans: list[tuple[int, int, str]]
) -> list[tuple[str, str]]:
    """(token, tag) for every token of ``text``; ``spans`` are (start, end, label)."""
    tokens = [(match.group(), *match.span()) for match in TOKEN.finditer(text)]
    tags = ["O"] * len(tokens)
    for span_start, span_end, label in sorted(spans):
        first = True
        for position, (_token, start, end) in enumerate(tokens):
            if start < span_end and end > span_start and tags[position] == "O":
                tags[position] = ("B-" if first else "I-") + label
                first = False
    return [(token, tag) for (token, _, _), tag in zip(tokens, tags, strict=True)]


def spans_of(items: list[dict[str, Any]], control: str | None) -> list:
    spans = []
    for item in items:
        if item.get("type") != "labels" or (
            control and item.get("from_name") != control
        ):
            continue
        value = item.get("value") or {}
        labels = value.get("labels") or []
        start, end = value.get("start"), value.get("end")
        if labels and isinstance(start, int) and isinstance(end, int):
            spans.append((start, end, str(labels[0])))
    return spans


class CoNLLExporter(Exporter):
    name = "CONLL2003"
    title = "CoNLL 2003"
    description = (
        "Tokens with BIO tags for named entity recognition, one token a line "
        "(token -X- _ tag)."
    )
    media_type = "text/plain"
    file_extension = ".conll"
    tags = ("text", "named entity recognition")

    def applies_to(self, parsed_config: Any) -> bool:
        return self._control(parsed_config) is not None

    def _control(self, parsed_config: Any):
        for control in parsed_config.controls.values():
            if control.tag != "Labels":
                continue
            for name in control.to_name:
                target = parsed_config.objects.get(name)
                if target is not None and target.tag in ("Text", "HyperText"):
                    return control, target
        return None

    def export(self, tasks: Iterable[dict], context: ExportContext) -> Iterator[bytes]:
        found = self._control(context.parsed_config)
        control, target = found if found else (None, None)
        yield DOCUMENT_START.encode()
        for task in tasks:
            text = target.data_key.resolve(task.get("data") or {}) if target else None
            if not isinstance(text, str):
                continue
            for items in _results(task):
                spans = spans_of(items, control.name if control else None)
                lines = [
                    f"{token} -X- _ {tag}\n"
                    for token, tag in tagged_tokens(text, spans)
                ]
                yield ("\n" + "".join(lines)).encode()


def _results(task: dict[str, Any]) -> list[list[dict[str, Any]]]:
    """The results to write the text with: each annotation's that was not
    skipped, or one without spans when the task has no annotations."""
    if not task.get("annotations"):
        return [[]]
    return [annotation.get("result") or [] for annotation in kept_annotations(task)]
