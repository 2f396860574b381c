"""JSON, JSON-MIN, CSV, TSV, CoNLL 2003 and the ASR manifest, whole files.

Each export of one fixed project is compared with a file under
``expected/`` written by hand (see ``expected_files`` for the placeholders
of database ids). The project has

* a task whose note holds a newline and double quotes: CSV and TSV put
  the field in quotes and double the quotes inside;
* a task whose text starts with an emoji: one code point, but two UTF-16
  units, so the spans' offsets are code points and "Zoë" is 2-5, not 3-6.
  Its note holds a tab, a comma and quotes: TSV quotes it for the tab and
  the quotes, CSV for the comma and the quotes. Its data has an object,
  written into CSV as compact JSON;
* a task with no annotation, only a prediction, listed by JSON and by CSV
  with ``download_all_tasks`` (a row whose answer cells are empty), and
  left out of the other exports.

A second project, the survey, has a control of every kind that gives a
value, to check how JSON-MIN and CSV flatten each as Label Studio's
converter does: one choice is the choice, several are
``{"choices": [...]}``; one text is the text, several ``{"text": [...]}``;
a rating, number, date or taxonomy is the list of its values
(``[{"rating": 4}]``). Its first task has two annotations and a skipped
one, the newest: JSON-MIN, CSV and CoNLL write the two, newest first, and
not the skipped one. Its second task has only a skipped annotation and no
row.

Annotation and prediction timestamps are given in the imported file and
come back as ISO 8601 in UTC with microseconds: ``09:30:00+01:00`` is
``08:30:00.000000Z``. The span values list their keys as PostgreSQL's
``jsonb`` keeps them (shorter keys first), so that the JSON text in the CSV
cells is the same on both databases.
"""

import orjson
import pytest

from tests.plugins.formats.conftest import TEXT_CONFIG
from tests.plugins.formats.expected_files import (
    assert_is_expected_file,
    expected_json,
    import_project,
    known_ids,
    with_import_times,
)
from tests.support.results import choice, span, text_area

pytestmark = pytest.mark.postgres

EMOJI_TEXT = "\N{SLIGHTLY SMILING FACE} Zo\u00eb flew to S\u00e3o Paulo."
TEXT_TASKS = [
    {
        "data": {"text": "Ada Lovelace visited Paris.", "source": "a"},
        "annotations": [
            {
                "id": 101,
                "result": [
                    choice("sentiment", "Positive", region_id="s1"),
                    span("entity", 0, 12, "Ada Lovelace", "PER", region_id="e1"),
                    span("entity", 21, 26, "Paris", "LOC", region_id="e2"),
                    text_area("note", 'line one\nline "two"', region_id="n1"),
                ],
                "lead_time": 4.5,
                "created_at": "2024-03-01T10:00:00.250Z",
                "updated_at": "2024-03-01T10:05:00Z",
            }
        ],
    },
    {
        "data": {"text": EMOJI_TEXT, "source": "b", "extra": {"lang": "pt"}},
        "annotations": [
            {
                "id": 102,
                "result": [
                    choice("sentiment", "Negative", region_id="s2"),
                    # 0 is the emoji, 1 a space: "Zoë" is 2-5 and
                    # "São Paulo" 14-23 (5 + " flew to " = 14, + 9 = 23).
                    span("entity", 2, 5, "Zo\u00eb", "PER", region_id="e3"),
                    span("entity", 14, 23, "S\u00e3o Paulo", "LOC", region_id="e4"),
                    text_area("note", 'tab\there, "quoted"', region_id="n2"),
                ],
                "lead_time": 12,
                "created_at": "2024-03-02T09:30:00+01:00",
                "updated_at": "2024-03-02T09:30:00+01:00",
            }
        ],
    },
    {
        "data": {"text": "Nothing here.", "source": "c"},
        "meta": {"batch": 7},
        "predictions": [
            {
                "model_version": "v1",
                "score": 0.5,
                "result": [choice("sentiment", "Negative", region_id="p1")],
                "created_at": "2024-03-03T00:00:00Z",
                "updated_at": "2024-03-03T00:00:00Z",
            }
        ],
    },
]


@pytest.fixture
def text_project(client):
    """(project id, the placeholders' values) of the text project."""
    project_id, task_ids = import_project(client, TEXT_CONFIG, TEXT_TASKS, "Text")
    assert EMOJI_TEXT[2:5] == "Zo\u00eb" and EMOJI_TEXT[14:23] == "S\u00e3o Paulo"
    return project_id, known_ids(client, project_id, task_ids)


def test_json_is_the_expected_file(export, text_project):
    project_id, known = text_project

    body = export(project_id, "JSON", download_all_tasks="true")

    tasks = with_import_times(orjson.loads(body))
    assert tasks == expected_json("project.json", known)


@pytest.mark.parametrize(
    ("kind", "query", "expected_file"),
    [
        ("JSON_MIN", {}, "project.min.json"),
        ("CSV", {"download_all_tasks": "true"}, "project.csv"),
        ("TSV", {}, "project.tsv"),
        ("CONLL2003", {}, "project.conll"),
    ],
)
def test_export_is_the_expected_file(export, text_project, kind, query, expected_file):
    project_id, known = text_project

    body = export(project_id, kind, **query)

    assert_is_expected_file(body, expected_file, known)


SURVEY_CONFIG = """<View>
  <Text name="text" value="$text"/>
  <Labels name="entity" toName="text">
    <Label value="PER"/><Label value="LOC"/>
  </Labels>
  <Choices name="topics" toName="text" choice="multiple">
    <Choice value="Sport"/><Choice value="Travel"/><Choice value="Food"/>
  </Choices>
  <Rating name="stars" toName="text" maxRating="5"/>
  <Number name="count" toName="text"/>
  <DateTime name="when" toName="text" only="date"/>
  <Taxonomy name="place" toName="text">
    <Choice value="Europe"><Choice value="France"/></Choice>
  </Taxonomy>
  <TextArea name="summary" toName="text"/>
</View>"""


def answer(name, kind, value):
    return {"from_name": name, "to_name": "text", "type": kind, "value": value}


SURVEY_TASKS = [
    {
        # "Ada" is 0-3 and "Nice" 11-15.
        "data": {"text": "Ada ran in Nice."},
        "annotations": [
            {
                "result": [
                    span("entity", 0, 3, "Ada", "PER"),
                    answer("topics", "choices", {"choices": ["Sport", "Travel"]}),
                    answer("stars", "rating", {"rating": 4}),
                    answer("count", "number", {"number": 3}),
                    answer("when", "datetime", {"datetime": "2024-04-01"}),
                    answer("place", "taxonomy", {"taxonomy": [["Europe", "France"]]}),
                    answer("summary", "textarea", {"text": ["first", "second"]}),
                ],
                "lead_time": 10,
                "created_at": "2024-04-01T10:00:00Z",
                "updated_at": "2024-04-01T10:00:00Z",
            },
            {
                "result": [],
                "was_cancelled": True,
                "created_at": "2024-04-03T10:00:00Z",
                "updated_at": "2024-04-03T10:00:00Z",
            },
            {
                "result": [
                    span("entity", 11, 15, "Nice", "LOC"),
                    answer("topics", "choices", {"choices": ["Food"]}),
                    answer("stars", "rating", {"rating": 2}),
                    answer("summary", "textarea", {"text": ["one line"]}),
                ],
                "lead_time": 5,
                "created_at": "2024-04-02T10:00:00Z",
                "updated_at": "2024-04-02T10:00:00Z",
            },
        ],
    },
    {
        "data": {"text": "Skipped text."},
        "annotations": [
            {
                "result": [],
                "was_cancelled": True,
                "created_at": "2024-04-04T10:00:00Z",
                "updated_at": "2024-04-04T10:00:00Z",
            }
        ],
    },
]


@pytest.fixture
def survey_project(client):
    """(project id, the placeholders' values) of the survey project."""
    project_id, task_ids = import_project(client, SURVEY_CONFIG, SURVEY_TASKS, "Survey")
    return project_id, known_ids(client, project_id, task_ids)


@pytest.mark.parametrize(
    ("kind", "expected_file"),
    [
        # Each control flattened as Label Studio's converter does.
        ("JSON_MIN", "survey.min.json"),
        ("CSV", "survey.csv"),
        # The text once per annotation.
        ("CONLL2003", "survey.conll"),
    ],
)
def test_survey_export_is_the_expected_file(
    export, survey_project, kind, expected_file
):
    project_id, known = survey_project

    body = export(project_id, kind)

    assert_is_expected_file(body, expected_file, known)


AUDIO_CONFIG = """<View>
  <Audio name="audio" value="$audio"/>
  <TextArea name="transcription" toName="audio"/>
</View>"""


def transcription(text, **extra):
    return text_area("transcription", text, to_name="audio", **extra)


# The duration comes from the result's original_length first, then the
# task's meta, then its data; the second task has both a result length and
# a meta duration, and the result's wins. The fourth task tells none.
# A line is written per annotation, newest first, with its annotator: the
# first task has two lines. Skipped annotations have none, so the third
# task has one line and the last task none.
AUDIO_TASKS = [
    {
        "data": {"audio": "https://example.org/a.wav", "duration": 2.5},
        "annotations": [
            {
                "result": [transcription("hello world")],
                "created_at": "2024-05-01T00:00:00Z",
            },
            {
                "result": [transcription("hello, world")],
                "created_at": "2024-05-02T00:00:00Z",
            },
        ],
    },
    {
        "data": {"audio": "https://example.org/clips/b%20c.wav"},
        "meta": {"duration": 1.25},
        "annotations": [
            {"result": [transcription('say "\u00e7a va"', original_length=3.25)]}
        ],
    },
    {
        "data": {"audio": "https://example.org/c.wav"},
        "meta": {"duration": 7},
        "annotations": [
            {"result": [transcription("third")]},
            {"result": [], "was_cancelled": True},
        ],
    },
    {
        "data": {"audio": "https://example.org/d.wav"},
        "annotations": [{"result": [transcription("fourth")]}],
    },
    {
        "data": {"audio": "https://example.org/e.wav"},
        "annotations": [{"result": [], "was_cancelled": True}],
    },
]


def test_asr_manifest_is_the_expected_file(client, export):
    project_id, _ = import_project(client, AUDIO_CONFIG, AUDIO_TASKS, "Speech")

    body = export(project_id, "ASR_MANIFEST")

    assert_is_expected_file(body, "asr.manifest.jsonl", {})
