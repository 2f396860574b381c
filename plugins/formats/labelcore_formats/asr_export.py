"""ASR manifest: NeMo's speech-recognition manifest, one JSON line per annotation.

``{"audio_filepath": ..., "duration": ..., "text": ..., "annotator": ...}``:
the audio's URL, its length in seconds when the task, the result or a WAV
file on this server tells it, the annotation's transcription and its
annotator's e-mail. As in Label Studio, every annotation that was not
skipped has its line, newest first, and a task whose every annotation was
skipped has none; a task without annotations has one line without text.
"""

from __future__ import annotations

import contextlib
import wave
from collections.abc import Iterable, Iterator
from typing import Any

import orjson

from labelcore import ExportContext, Exporter
from labelcore_formats.media import local_path
from labelcore_formats.minified import Annotators
from labelcore_formats.regions import kept_annotations

AUDIO_TAGS = ("Audio", "AudioPlus")


def _duration(task: dict[str, Any], items: list[dict], url: Any) -> float | None:
    for item in items:
        length = item.get("original_length")
        if isinstance(length, (int, float)) and length > 0:
            return float(length)
    for source in (task.get("meta") or {}, task.get("data") or {}):
        length = source.get("duration")
        if isinstance(length, (int, float)) and length > 0:
            return float(length)
    path = local_path(url)
    if path is not None and path.suffix.lower() == ".wav":
        with contextlib.suppress(wave.Error, OSError), wave.open(str(path)) as audio:
            return round(audio.getnframes() / audio.getframerate(), 3)
    return None


class ASRManifestExporter(Exporter):
    name = "ASR_MANIFEST"
    title = "ASR manifest"
    description = (
        "A speech-recognition manifest (NeMo): audio path, duration, "
        "transcription and annotator, one JSON line per annotation."
    )
    media_type = "application/jsonl"
    file_extension = ".jsonl"
    tags = ("audio", "speech recognition")

    def applies_to(self, parsed_config: Any) -> bool:
        return self._pair(parsed_config) is not None

    def _pair(self, parsed_config: Any):
        for control in parsed_config.controls.values():
            if control.tag != "TextArea":
                continue
            for name in control.to_name:
                target = parsed_config.objects.get(name)
                if target is not None and target.tag in AUDIO_TAGS:
                    return control, target
        return None

    def export(self, tasks: Iterable[dict], context: ExportContext) -> Iterator[bytes]:
        control, target = self._pair(context.parsed_config) or (None, None)
        annotators = Annotators()
        lines = []
        for task in tasks:
            data = task.get("data") or {}
            url = target.data_key.resolve(data) if target is not None else None
            # A task without annotations keeps its line, with no text.
            annotations = kept_annotations(task) if task.get("annotations") else [{}]
            for annotation in annotations:
                items = [
                    item
                    for item in annotation.get("result") or []
                    if control is None or item.get("from_name") == control.name
                ]
                line = self._line(task, items, url)
                annotator = annotation.get("completed_by")
                line["annotator"] = (
                    "" if annotator is None else str(annotators.email(annotator))
                )
                lines.append(orjson.dumps(line) + b"\n")
            if len(lines) >= 1000:
                yield b"".join(lines)
                lines.clear()
        yield b"".join(lines)

    def _line(self, task: dict, items: list[dict], url: Any) -> dict[str, Any]:
        texts = [t for item in items for t in (item.get("value") or {}).get("text", [])]
        line = {"audio_filepath": url if isinstance(url, str) else None}
        duration = _duration(task, items, url)
        if duration is not None:
            line["duration"] = duration
        line["text"] = " ".join(str(text) for text in texts)
        return line
