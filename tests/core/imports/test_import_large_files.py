"""Files of several megabytes: the JSON reader's runs of items across its
chunks, a file broken after megabytes, and bad items of a job import each
reported with its index, field and rule while the rest is written."""

import io

import orjson
import pytest
from labelcore_formats.json_array import CHUNK_BYTES, JSONImporter

from labelcore import ImportFormatError
from tests.core.imports.test_import_api import (
    TEXT_CONFIG,
    choice,
    task_rows,
    wait_for_import,
)

TRICKY = [
    'a "},{" inside a string',
    "brackets ] and [ and } and {",
    "an open [ bracket and an open { brace, never closed",
    'an escaped quote \\" then },{"text":',
    "new\nlines\tand \u00e9\u4e2d \U0001f600",
    "",
]


def tricky_items(count):
    return [
        {"text": TRICKY[number % len(TRICKY)] + f" {number}", "n": [number, {"k": "}"}]}
        for number in range(count)
    ]


def array(items, separator=b",\n"):
    return b"[" + separator.join(orjson.dumps(item) for item in items) + b"]"


@pytest.mark.parametrize("separator", [b",\n", b",", b" ,\r\n  "])
def test_items_read_in_runs_across_chunks_are_the_whole_files_items(separator):
    items = tricky_items(60000)
    data = array(items, separator)
    assert len(data) > 3 * CHUNK_BYTES

    read = list(JSONImporter().read(io.BytesIO(data), {}))
    JSONImporter().check(io.BytesIO(data), {})

    assert read == items


def test_a_file_broken_after_megabytes_is_refused_by_its_check():
    data = array(tricky_items(60000))[:-1] + b',\n{"text": "open}\n'

    with pytest.raises(ImportFormatError) as refused:
        JSONImporter().check(io.BytesIO(data), {})

    assert "ends before the JSON array is closed" in refused.value.message


def test_text_after_the_array_is_refused_by_its_check():
    data = array(tricky_items(60000)) + b'\n{"text": "more"}'

    with pytest.raises(ImportFormatError) as refused:
        JSONImporter().check(io.BytesIO(data), {})

    assert "text follows the end of the JSON array" in refused.value.message


def test_a_broken_item_after_megabytes_is_named_and_the_rest_read():
    items = tricky_items(60000)
    data = (
        array(items[:50000])[:-1] + b',\n{"text": broken},\n' + array(items[50000:])[1:]
    )

    read = list(JSONImporter().read(io.BytesIO(data), {}))

    assert len(read) == 60001
    broken = read[50000]
    assert isinstance(broken, ImportFormatError)
    assert broken.location.startswith("item 50001 (line ")
    assert [
        value if isinstance(value, dict) else value[1] for value in read[:50000]
    ] == (items[:50000])
    assert [value[1] for value in read[50001:]] == items[50000:]


@pytest.mark.postgres
def test_a_job_reports_each_bad_item_with_index_field_and_rule(
    make_import_app, client_for
):
    app = make_import_app(sync_import_limit=10)
    client = client_for(app)
    project_id = client.post(
        "/api/projects/", json={"title": "Bad items", "label_config": TEXT_CONFIG}
    ).get_json()["id"]
    items = [
        {
            "data": {"text": f"t{number}"},
            "predictions": [
                {"result": [choice("Positive")], "score": (number % 10) / 10}
            ],
        }
        for number in range(12000)
    ]
    items[99]["data"]["text"] = ["not", "a", "text"]
    items[5999]["predictions"][0]["result"][0]["value"]["choices"] = ["Neutral"]
    items[7999]["predictions"][0]["score"] = "high"
    items[8999]["predictions"][0]["result"][0]["score"] = 1.5
    items[10999]["predictions"][0]["result"][0]["to_name"] = "title"

    response = client.post(
        f"/api/projects/{project_id}/import",
        data=orjson.dumps(items),
        content_type="application/json",
    )

    status = wait_for_import(client, project_id, response.get_json()["import"])
    assert status["status"] == "completed", status
    assert status["task_count"] == 11995
    assert status["prediction_count"] == 11995
    found = [(e["index"], e["field"], e["message"]) for e in status["errors"]]
    assert [(index, field) for index, field, _ in found] == [
        (100, "data"),
        (6000, "predictions[0]"),
        (8000, "predictions[0].score"),
        (9000, "predictions[0]"),
        (11000, "predictions[0]"),
    ]
    assert "data key 'text'" in found[0][2]
    assert "choice 'Neutral' is not in the config" in found[1][2]
    assert "must be a number or null, got 'high'" in found[2][2]
    assert "field 'score': must be a number from 0 to 1" in found[3][2]
    assert "field 'to_name'" in found[4][2]
    written = {row.import_index for row in task_rows(app, project_id)}
    assert len(written) == 11995
    assert written.isdisjoint({100, 6000, 8000, 9000, 11000})
