"""CSV and TSV: one row per annotation, a column per data key and control.

The header needs every column before the first row, so these exporters ask
the core for the project's data keys (``wants_data_columns``). Fields with
the delimiter, quotes or newlines are quoted; lists and objects are written
as JSON.
"""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Iterable, Iterator
from typing import Any

import orjson

from labelcore import ExportContext, Exporter
from labelcore_formats.minified import ANNOTATION_COLUMNS, Annotators, records

ROWS_PER_CHUNK = 2000
HEAD_TASKS = 1000


def cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return orjson.dumps(value).decode()


class DelimitedExporter(Exporter):
    delimiter = ","
    wants_data_columns = True

    def export(self, tasks: Iterable[dict], context: ExportContext) -> Iterator[bytes]:
        tasks = iter(tasks)
        head = list(itertools.islice(tasks, HEAD_TASKS))
        columns = self._columns(head, context)
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=self.delimiter, lineterminator="\n")
        writer.writerow(columns)
        annotators = Annotators()
        written = 0
        for task in itertools.chain(head, tasks):
            for record in records(task, annotators):
                writer.writerow([cell(record.get(column)) for column in columns])
                written += 1
            if written >= ROWS_PER_CHUNK:
                yield buffer.getvalue().encode()
                buffer.seek(0)
                buffer.truncate()
                written = 0
        yield buffer.getvalue().encode()

    def _columns(self, head: list[dict], context: ExportContext) -> list[str]:
        parsed = context.parsed_config
        controls = list(parsed.controls)
        keys = set(context.options.get("data_columns") or ())
        keys.update(key for key in parsed.data_keys if "." not in key)
        for task in head:
            keys.update(task.get("data") or {})
        reserved = {"id", *controls, *ANNOTATION_COLUMNS}
        data_columns = sorted(key for key in keys if key not in reserved)
        return ["id", *data_columns, *controls, *ANNOTATION_COLUMNS]


class CSVExporter(DelimitedExporter):
    name = "CSV"
    title = "CSV"
    description = (
        "Comma-separated values, a row per annotation: the task's data and each "
        "control's answer in its own column."
    )
    media_type = "text/csv"
    file_extension = ".csv"
    tags = ("common", "tabular")
    delimiter = ","


class TSVExporter(DelimitedExporter):
    name = "TSV"
    title = "TSV"
    description = "Tab-separated values, laid out as the CSV export."
    media_type = "text/tab-separated-values"
    file_extension = ".tsv"
    tags = ("common", "tabular")
    delimiter = "\t"
