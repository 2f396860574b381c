"""The JSON exporter writes one valid array, in chunks, whatever the count."""

import orjson
from labelcore_formats.json_export import CHUNK_BYTES, JSONExporter

from labelcore import ExportContext


def export(tasks):
    context = ExportContext(project=None, parsed_config=None, options={})
    return list(JSONExporter().export(iter(tasks), context))


def test_no_tasks_is_an_empty_array():
    assert orjson.loads(b"".join(export([]))) == []


def test_tasks_come_back_unchanged():
    tasks = [
        {"id": 1, "data": {"text": "é 🙂"}, "annotations": [], "predictions": []},
        {"id": 2, "data": {"text": "b"}, "annotations": [{"id": 9, "result": []}]},
    ]

    assert orjson.loads(b"".join(export(tasks))) == tasks


def test_large_exports_are_sent_in_several_chunks():
    tasks = ({"id": i, "data": {"text": "x" * 200}} for i in range(5000))

    chunks = export(tasks)

    assert len(chunks) > 2
    assert all(len(chunk) < CHUNK_BYTES + 1024 for chunk in chunks)
    assert [t["id"] for t in orjson.loads(b"".join(chunks))] == list(range(5000))
