"""A file that cannot be read as a whole refuses the import, which writes
nothing, inline or as a job; bad items inside a readable file do not."""

import io
import time

import orjson
import pytest

from tests.core.imports.test_import_api import TEXT_CONFIG, task_rows, wait_for_import

pytestmark = pytest.mark.postgres

GOOD = b",\n".join(orjson.dumps({"text": f"t{n}"}) for n in range(30))


@pytest.fixture
def small_inline_app(make_import_app):
    return make_import_app(sync_import_limit=10)


def new_project(client):
    return client.post(
        "/api/projects/", json={"title": "Refusals", "label_config": TEXT_CONFIG}
    ).get_json()["id"]


def upload(client, project_id, *files):
    return client.post(
        f"/api/projects/{project_id}/import",
        data={"file": [(io.BytesIO(data), name) for name, data in files]},
        content_type="multipart/form-data",
    )


BROKEN_FILES = [
    pytest.param(
        "tasks.json",
        b"[" + GOOD + b',\n{"text": "open}\n',
        "tasks.json, line 31, column 15",
        "ends before the JSON array is closed",
        id="json-unclosed",
    ),
    pytest.param(
        "tasks.json",
        b"[" + GOOD + b"]\n]",
        "tasks.json, line 31, column 1",
        "text follows the end of the JSON array",
        id="json-trailing",
    ),
    pytest.param(
        "tasks.csv",
        b"text\n" + b"\n".join(b"row %d" % n for n in range(30)) + b'\n"open\nrow\n',
        "tasks.csv, line ",
        "malformed",
        id="csv-open-quote",
    ),
    pytest.param(
        "tasks.txt",
        b"\n".join(b"line %d" % n for n in range(30)) + b"\ncaf\xe9\n",
        "tasks.txt, line 31",
        "not UTF-8",
        id="txt-not-utf8",
    ),
]


@pytest.mark.parametrize(("name", "data", "place", "reason"), BROKEN_FILES)
def test_an_unreadable_file_as_a_job_fails_and_writes_nothing(
    small_inline_app, client_for, name, data, place, reason
):
    client = client_for(small_inline_app)
    project_id = new_project(client)

    response = upload(
        client, project_id, ("good.jsonl", b'{"text": "x"}\n'), (name, data)
    )

    assert response.status_code == 202, response.get_json()
    status = wait_for_import(client, project_id, response.get_json()["import"])
    assert status["status"] == "failed", status
    assert status["error"].startswith(place), status["error"]
    assert reason in status["error"]
    assert "nothing was imported" in status["error"]
    assert status["task_count"] == 0
    assert task_rows(small_inline_app, project_id) == []
    assert job_state(client, response.get_json()["job"]["id"]) == "failed"


def job_state(client, job_id, timeout=30):
    # The import record fails first; the runner then records the job's end.
    deadline = time.monotonic() + timeout
    while True:
        state = client.get(f"/api/jobs/{job_id}").get_json()["state"]
        if state not in ("queued", "running") or time.monotonic() > deadline:
            return state
        time.sleep(0.05)


def test_an_unreadable_file_inline_is_400_and_writes_nothing(app, client):
    project_id = new_project(client)

    response = upload(
        client,
        project_id,
        ("good.jsonl", b'{"text": "x"}\n'),
        ("tasks.json", b'[{"text": "a"}, {"text": "b"'),
    )

    body = response.get_json()
    assert response.status_code == 400, body
    assert body["detail"].startswith("tasks.json, line 1, column ")
    assert "ends before the JSON array is closed" in body["detail"]
    assert body["validation_errors"]["file"] == [body["detail"]]
    assert task_rows(app, project_id) == []


def test_broken_items_in_a_readable_job_file_are_reported_and_the_rest_kept(
    small_inline_app, client_for
):
    client = client_for(small_inline_app)
    project_id = new_project(client)
    data = b"[" + GOOD + b',\n{"text": oops},\n{"text": "last"}]'

    response = upload(client, project_id, ("tasks.json", data))

    status = wait_for_import(client, project_id, response.get_json()["import"])
    assert status["status"] == "completed", status
    assert status["task_count"] == 31
    assert [error["location"] for error in status["errors"]] == ["item 31 (line 31)"]


def test_an_importer_without_its_own_check_is_read_through_once_before_writing():
    from labelcore import Importer, ImportFormatError

    class Lines(Importer):
        name = "lines"

        def read(self, stream, options):
            for number, line in enumerate(stream, 1):
                if line.startswith(b"!"):
                    raise ImportFormatError(f"line {number}", "the file ends early")
                yield {"text": line.decode()}

    Lines().check(io.BytesIO(b"a\nb\n"), {})
    with pytest.raises(ImportFormatError, match="ends early"):
        Lines().check(io.BytesIO(b"a\n!\n"), {})
