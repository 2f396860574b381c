"""JSON-MIN, CSV, TSV, CoNLL 2003 and the ASR manifest against hand-made files."""

import csv
import io

import orjson
import pytest

from tests.plugins.formats.conftest import TEXT_CONFIG
from tests.support.credentials import ADMIN_EMAIL
from tests.support.results import choice, span, text_area

pytestmark = pytest.mark.postgres

TEXT = "Ada Lovelace visited Paris."
TASKS = [
    {
        "data": {"text": TEXT, "source": "a"},
        "annotations": [
            {
                "result": [
                    choice("sentiment", "Positive"),
                    span("entity", 0, 12, "Ada Lovelace", "PER"),
                    span("entity", 21, 26, "Paris", "LOC"),
                    text_area("note", 'line one\nline "two"'),
                ],
                "lead_time": 4.5,
            }
        ],
    },
    {"data": {"text": "Nothing here.", "source": "b"}},
]


@pytest.fixture
def project_id(make_project):
    return make_project(TEXT_CONFIG, TASKS)


def test_json_min_has_one_flat_record_per_annotation(export, project_id):
    records = orjson.loads(export(project_id, "JSON_MIN"))

    assert len(records) == 1
    record = records[0]
    assert record["text"] == TEXT and record["source"] == "a"
    assert record["sentiment"] == "Positive"
    assert record["note"] == 'line one\nline "two"'
    assert record["entity"] == [
        {"start": 0, "end": 12, "text": "Ada Lovelace", "labels": ["PER"]},
        {"start": 21, "end": 26, "text": "Paris", "labels": ["LOC"]},
    ]
    assert record["annotator"] == ADMIN_EMAIL
    assert record["lead_time"] == 4.5
    assert isinstance(record["annotation_id"], int) and isinstance(record["id"], int)


def test_json_min_gives_a_task_without_annotations_empty_annotation_keys(
    export, project_id
):
    records = orjson.loads(export(project_id, "JSON_MIN", download_all_tasks="true"))

    # As Label Studio's converter writes such a task: its data, its id, and
    # the annotation's keys as null.
    assert records[1] == {
        "text": "Nothing here.",
        "source": "b",
        "id": records[1]["id"],
        "annotation_id": None,
        "annotator": None,
        "created_at": None,
        "updated_at": None,
        "lead_time": None,
    }


def test_csv_quotes_fields_with_newlines_and_lists_every_task_when_asked(
    export, project_id
):
    body = export(project_id, "CSV", download_all_tasks="true").decode()

    rows = list(csv.reader(io.StringIO(body)))
    header = rows[0]
    assert header == [
        "id",
        "source",
        "text",
        "sentiment",
        "entity",
        "note",
        "annotation_id",
        "annotator",
        "created_at",
        "updated_at",
        "lead_time",
    ]
    first = dict(zip(header, rows[1], strict=True))
    assert first["note"] == 'line one\nline "two"'
    assert first["sentiment"] == "Positive"
    assert orjson.loads(first["entity"])[1]["text"] == "Paris"
    assert first["annotator"] == ADMIN_EMAIL and first["lead_time"] == "4.5"
    second = dict(zip(header, rows[2], strict=True))
    assert (second["text"], second["sentiment"], second["annotator"]) == (
        "Nothing here.",
        "",
        "",
    )
    assert len(rows) == 3
    assert '"line one\nline ""two"""' in body


def test_tsv_uses_tabs(export, project_id):
    body = export(project_id, "TSV").decode()

    rows = list(csv.reader(io.StringIO(body), delimiter="\t"))
    assert rows[0][:3] == ["id", "source", "text"]
    assert len(rows) == 2


def test_conll_tags_each_token_of_the_text(export, project_id):
    body = export(project_id, "CONLL2003").decode()

    assert body == (
        "-DOCSTART- -X- O\n"
        "\n"
        "Ada -X- _ B-PER\n"
        "Lovelace -X- _ I-PER\n"
        "visited -X- _ O\n"
        "Paris -X- _ B-LOC\n"
        ". -X- _ O\n"
    )


def test_asr_manifest_has_path_duration_and_transcription(make_project, export):
    config = """<View>
      <Audio name="audio" value="$audio"/>
      <TextArea name="transcription" toName="audio"/>
    </View>"""
    tasks = [
        {
            "data": {"audio": "https://example.org/a.wav", "duration": 2.5},
            "annotations": [
                {"result": [text_area("transcription", "hello world", to_name="audio")]}
            ],
        }
    ]
    project_id = make_project(config, tasks, "Speech")

    lines = export(project_id, "ASR_MANIFEST").decode().splitlines()

    assert [orjson.loads(line) for line in lines] == [
        {
            "audio_filepath": "https://example.org/a.wav",
            "duration": 2.5,
            "text": "hello world",
            "annotator": ADMIN_EMAIL,
        }
    ]
