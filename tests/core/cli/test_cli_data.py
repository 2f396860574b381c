"""``labelcore import``, ``export``, ``index`` and ``jobs``: the API's jobs,
started and followed from the shell.

The commands run on an app of their own, built from the environment as a
self-hoster's shell would; the test reads the outcome through the API of
another app on the same database and data directory.
"""

from __future__ import annotations

import io
import json
import re
import zipfile

import labelcore_formats.plugin
import labelcore_samplers.plugin
import labelcore_templates.plugin
import labelcore_workflows.plugin
import orjson
import pytest
from click.testing import CliRunner

from labelcore.cli import main
from tests.support.credentials import ADMIN_EMAIL, ADMIN_TOKEN
from tests.support.data_manager import tasks_containing
from tests.support.results import choice

pytestmark = pytest.mark.postgres

PLUGINS = (
    labelcore_templates.plugin,
    labelcore_formats.plugin,
    labelcore_samplers.plugin,
    labelcore_workflows.plugin,
)

TEXT_CONFIG = """<View>
  <Text name="text" value="$text"/>
  <Choices name="mood" toName="text">
    <Choice value="Happy"/><Choice value="Sad"/>
  </Choices>
</View>"""

IMAGE_CONFIG = """<View>
  <Image name="image" value="$image"/>
  <RectangleLabels name="box" toName="image">
    <Label value="Car"/><Label value="Tree"/>
  </RectangleLabels>
</View>"""


def mood(value: str) -> list[dict]:
    return [choice("mood", value, region_id="m1")]


@pytest.fixture
def app(make_app):
    return make_app(plugins=PLUGINS, disable_plugin_autoload=True)


@pytest.fixture
def client(app):
    client = app.test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = f"Token {ADMIN_TOKEN}"
    return client


@pytest.fixture
def labelcore(environment):
    """``labelcore(*arguments)``: the command's result, as a shell runs it."""

    def invoke(*arguments):
        return CliRunner().invoke(
            main, [str(argument) for argument in arguments], env=environment
        )

    return invoke


@pytest.fixture
def new_project(client):
    def create(config=TEXT_CONFIG, tasks=()):
        made = client.post(
            "/api/projects/", json={"title": "Shell", "label_config": config}
        )
        assert made.status_code == 201, made.json
        if tasks:
            imported = client.post(
                f"/api/projects/{made.json['id']}/import", json=list(tasks)
            )
            assert imported.status_code == 201, imported.json
        return made.json["id"]

    return create


def _jobs(client, **query) -> list[dict]:
    response = client.get("/api/jobs/", query_string=query)
    assert response.status_code == 200, response.json
    return response.json


def _tasks(client, project_id: int) -> list[dict]:
    response = client.get(
        "/api/tasks/", query_string={"project": project_id, "page_size": 1000}
    )
    assert response.status_code == 200, response.json
    return response.json["tasks"]


# -- import ---------------------------------------------------------------------


def test_a_jsonl_import_names_each_refused_line_and_imports_the_rest(
    tmp_path, labelcore, client, new_project, data_dir
):
    project_id = new_project()
    lines = [
        orjson.dumps({"text": "first"}),
        b"{not json",
        orjson.dumps(
            {"data": {"text": "second"}, "annotations": [{"result": mood("Sad")}]}
        ),
        orjson.dumps(
            {"data": {"text": "third"}, "annotations": [{"result": mood("Angry")}]}
        ),
        orjson.dumps({"text": "fourth"}),
    ]
    path = tmp_path / "tasks.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")

    outcome = labelcore("import", project_id, path)

    assert outcome.exit_code == 1, outcome.output
    assert "tasks:       3 imported" in outcome.stdout
    assert "refused:     2 items" in outcome.stdout
    refusals = outcome.stdout.split("Refused items (where: field: rule):\n")[1]
    assert refusals.splitlines()[0].startswith("  line 2: ")
    third = refusals.splitlines()[1]
    assert third.startswith("  line 4: annotations[0]: ")
    assert "field 'value.choices': choice 'Angry' is not in the config" in third
    texts = sorted(task["data"]["text"] for task in _tasks(client, project_id))
    assert texts == ["first", "fourth", "second"]
    (job,) = _jobs(client, project=project_id, kind="import")
    assert job["state"] == "finished"
    assert job["created_by"] is not None
    assert job["result"]["task_count"] == 3
    # The copy the job read is gone with it; the user's own file stays.
    assert path.exists()
    assert not list((data_dir / "imports").iterdir())


def test_a_csv_import_refuses_rows_of_the_wrong_width(
    tmp_path, labelcore, client, new_project
):
    project_id = new_project()
    path = tmp_path / "rows.csv"
    path.write_text('text,source\nhello,a\n"one, two",b,extra\nbye,c\n')

    outcome = labelcore("import", project_id, path, "--as-user", ADMIN_EMAIL)

    assert outcome.exit_code == 1, outcome.output
    assert "tasks:       2 imported" in outcome.stdout
    assert "  line 3: file: expected 2 fields as in the header" in outcome.stdout
    assert sorted(task["data"]["text"] for task in _tasks(client, project_id)) == [
        "bye",
        "hello",
    ]
    assert [job["kind"] for job in _jobs(client, project=project_id)] == ["import"]


def test_format_overrides_the_extension_and_a_clean_import_exits_0(
    tmp_path, labelcore, client, new_project
):
    project_id = new_project()
    path = tmp_path / "lines.dat"
    path.write_text("one line\nanother line\n")

    refused = labelcore("import", project_id, path)
    outcome = labelcore("import", project_id, path, "--format", "txt")

    assert refused.exit_code == 1
    assert "Cannot tell the format of" in refused.stderr
    assert "--format with one of:" in refused.stderr
    assert outcome.exit_code == 0, outcome.output
    assert "refused:     0 items" in outcome.stdout
    texts = sorted(task["data"]["text"] for task in _tasks(client, project_id))
    assert texts == ["another line", "one line"]


def test_only_the_items_past_twenty_are_counted_not_listed(
    tmp_path, labelcore, new_project
):
    project_id = new_project()
    path = tmp_path / "many.jsonl"
    path.write_text("[1]\n" * 25 + '{"text": "kept"}\n')

    outcome = labelcore("import", project_id, path)

    assert outcome.exit_code == 1
    listed = re.findall(r"^  line \d+: ", outcome.stdout, re.MULTILINE)
    assert len(listed) == 20
    assert "  ... and 5 more; GET /api/projects/" in outcome.stdout


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (("import", 999, "{file}"), "No project has the id 999"),
        (("import", "{project}", "missing.jsonl"), "'missing.jsonl' does not exist"),
        (("import", "{project}", "{file}", "--format", "xml"), "format 'xml'"),
        (
            ("import", "{project}", "{file}", "--as-user", "nobody@example.org"),
            "No user has the e-mail 'nobody@example.org'",
        ),
        (("export", "{project}", "--format", "PDF"), "export format 'PDF'"),
        (("export", 999), "No project has the id 999"),
        (("export", "{project}", "--view", 4242), "--view: project"),
        (("jobs", "watch", 4242), "No job has the id 4242"),
        (("jobs", "cancel", 4242), "No job has the id 4242"),
        (("jobs", "--state", "runnning"), "'runnning' is not a job state"),
        (("index", "build", "{project}", "text", "--kind", "fuzzy"), "--kind:"),
        (("index", "build", "{project}", "text."), "KEY 'text.'"),
    ],
)
def test_bad_input_is_refused_with_a_reason_and_a_nonzero_status(
    tmp_path, labelcore, client, new_project, arguments, message
):
    project_id = new_project()
    (tmp_path / "tasks.jsonl").write_text('{"text": "x"}\n')
    filled = [
        str(argument).format(project=project_id, file=tmp_path / "tasks.jsonl")
        for argument in arguments
    ]

    outcome = labelcore(*filled)

    assert outcome.exit_code != 0
    assert message in outcome.stderr, outcome.output
    assert _tasks(client, project_id) == []
    assert _jobs(client) == []


def test_without_as_user_two_administrators_are_one_too_many(
    tmp_path, app, labelcore, new_project
):
    from labelcore.accounts import create_user

    project_id = new_project()
    with app.app_context():
        create_user("second-admin@example.org", "a-password", admin=True)
    path = tmp_path / "tasks.jsonl"
    path.write_text('{"text": "x"}\n')

    refused = labelcore("import", project_id, path)
    chosen = labelcore("import", project_id, path, "--as-user", ADMIN_EMAIL)

    assert refused.exit_code == 1
    assert "several administrators" in refused.stderr
    assert "pass --as-user" in refused.stderr
    assert chosen.exit_code == 0, chosen.output


def test_a_user_without_a_role_in_the_project_cannot_import(
    tmp_path, app, labelcore, new_project
):
    from labelcore.accounts import create_user

    project_id = new_project()
    with app.app_context():
        create_user("outsider@example.org", "a-password", organization="Elsewhere")
    path = tmp_path / "tasks.jsonl"
    path.write_text('{"text": "x"}\n')

    outcome = labelcore("import", project_id, path, "--as-user", "outsider@example.org")

    assert outcome.exit_code == 1
    assert "outsider@example.org has no role in project" in outcome.stderr
    assert "manager or above" in outcome.stderr


# -- export ---------------------------------------------------------------------

TEXT_TASKS = [
    {"data": {"text": "glad"}, "annotations": [{"result": mood("Happy")}]},
    {
        "data": {"text": "gloomy"},
        "annotations": [{"result": mood("Sad")}],
        "predictions": [{"result": mood("Sad"), "score": 0.5}],
    },
    {"data": {"text": "not yet"}},
]


def _download(client, project_id: int, stdout: str, export_type: str) -> bytes:
    snapshot_id = re.search(r"^Export (\d+) of project", stdout, re.MULTILINE)[1]
    response = client.get(
        f"/api/projects/{project_id}/exports/{snapshot_id}/download",
        query_string={"exportType": export_type},
    )
    assert response.status_code == 200, response.json
    return response.data


def test_a_json_export_writes_what_the_snapshot_download_gives(
    tmp_path, labelcore, client, new_project
):
    project_id = new_project(tasks=TEXT_TASKS)
    annotated = tmp_path / "annotated.json"
    everything = tmp_path / "everything.json"

    first = labelcore("export", project_id, "--output", annotated)
    second = labelcore(
        "export",
        project_id,
        "--output",
        everything,
        "--all-tasks",
        "--include-predictions",
    )

    assert first.exit_code == 0, first.output
    assert second.exit_code == 0, second.output
    assert annotated.read_bytes() == _download(client, project_id, first.stdout, "JSON")
    assert everything.read_bytes() == _download(
        client, project_id, second.stdout, "JSON"
    )
    some = {task["data"]["text"]: task for task in orjson.loads(annotated.read_bytes())}
    every = {
        task["data"]["text"]: task for task in orjson.loads(everything.read_bytes())
    }
    assert sorted(some) == ["glad", "gloomy"]
    assert some["gloomy"]["predictions"] == []
    assert sorted(every) == ["glad", "gloomy", "not yet"]
    assert len(every["gloomy"]["predictions"]) == 1
    assert "2 tasks, 2 annotations, 0 predictions" in first.stdout
    exports = _jobs(client, project=project_id, kind="export")
    assert [job["state"] for job in exports] == ["finished", "finished"]


def test_a_zip_format_is_converted_and_written_under_the_download_name(
    tmp_path, labelcore, client, new_project, monkeypatch
):
    box = {
        "id": "b1",
        "from_name": "box",
        "to_name": "image",
        "type": "rectanglelabels",
        "original_width": 800,
        "original_height": 600,
        "value": {
            "x": 10,
            "y": 10,
            "width": 20,
            "height": 30,
            "rectanglelabels": ["Car"],
        },
    }
    project_id = new_project(
        IMAGE_CONFIG,
        [
            {
                "data": {"image": "https://example.org/1.jpg"},
                "annotations": [{"result": [box]}],
            }
        ],
    )
    monkeypatch.chdir(tmp_path)

    outcome = labelcore("export", project_id, "--format", "coco")

    assert outcome.exit_code == 0, outcome.output
    written = re.search(r"written to (\S+)$", outcome.stdout.strip())[1]
    assert re.fullmatch(rf"project-{project_id}-at-[\d-]+-[0-9a-f]{{8}}\.zip", written)
    data = (tmp_path / written).read_bytes()
    assert data == _download(client, project_id, outcome.stdout, "COCO")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        result = json.loads(archive.read("result.json"))
    assert [category["name"] for category in result["categories"]] == ["Car", "Tree"]
    assert len(result["annotations"]) == 1
    kinds = [job["kind"] for job in _jobs(client, project=project_id)]
    assert kinds == ["export_convert", "export"]


def test_a_format_that_cannot_express_the_config_is_refused_with_why(
    labelcore, client, new_project
):
    project_id = new_project(tasks=TEXT_TASKS)

    outcome = labelcore("export", project_id, "--format", "COCO")

    assert outcome.exit_code == 1
    assert (
        f"The format 'COCO' cannot express the label config of project {project_id}"
        in outcome.stderr
    )
    assert "object detection" in outcome.stderr
    assert "Formats that fit: " in outcome.stderr
    assert "JSON" in outcome.stderr.split("Formats that fit: ")[1]
    assert _jobs(client) == []


# -- indexes ----------------------------------------------------------------------


def _contains(client, project_id: int, needle: str) -> list[str]:
    tasks = tasks_containing(client, project_id, needle)
    return sorted(task["data"]["text"] for task in tasks)


def test_an_index_built_from_the_shell_serves_contains(
    app, labelcore, client, new_project
):
    words = ["a red apple", "green grapes", "red cherries", "a blue plum"]
    project_id = new_project(tasks=[{"text": word} for word in words])

    before = labelcore("index", "list", project_id)
    built = labelcore("index", "build", project_id, "text", "--kind", "text")
    again = labelcore("index", "build", project_id, "text", "--kind", "text")
    listed = labelcore("index", "list", project_id)

    assert before.exit_code == 0, before.output
    assert f"Project {project_id} has no data indexes." in before.stdout
    assert built.exit_code == 0, built.output
    assert f"Built the text index on data.text of project {project_id}" in built.stdout
    assert again.exit_code == 0, again.output
    assert "already has the text index on data.text" in again.stdout
    (index,) = client.get("/api/dm/indexes/", query_string={"project": project_id}).json
    assert (index["key"], index["kind"], index["state"]) == ("text", "text", "ready")
    assert re.search(
        rf"^text\s+text\s+ready\s+{index['index_name']}", listed.stdout, re.MULTILINE
    )

    from labelcore.datamanager.query import query_context
    from labelcore.models import Project, db

    with app.app_context():
        context = query_context(db.session.get(Project, project_id))
        assert context.text_indexes == {"text": index["index_name"]}
        db.session.remove()
    assert _contains(client, project_id, "red") == ["a red apple", "red cherries"]
    assert _contains(client, project_id, "PLUM") == ["a blue plum"]
    (job,) = _jobs(client, project=project_id, kind="datamanager.build_index")
    assert job["state"] == "finished"


# -- jobs -------------------------------------------------------------------------


def _queued_build(app, project_id: int) -> int:
    """An index build recorded but on no runner: it stays queued."""
    from labelcore.models import Job, db

    with app.app_context():
        job = Job(
            kind="datamanager.build_index",
            params={"key": "text", "kind": "value"},
            organization_id=1,
            project_id=project_id,
        )
        db.session.add(job)
        db.session.commit()
        job_id = job.id
        db.session.remove()
    return job_id


def _rows(listing) -> list[list[str]]:
    """The words of each line of a job listing, below its header."""
    return [line.split() for line in listing.stdout.splitlines()[1:]]


def test_jobs_are_listed_watched_and_cancelled(
    tmp_path, app, labelcore, client, new_project
):
    project_id = new_project()
    path = tmp_path / "tasks.jsonl"
    path.write_text('{"text": "x"}\n')
    assert labelcore("import", project_id, path).exit_code == 0
    (finished,) = _jobs(client, project=project_id)
    queued = _queued_build(app, project_id)

    listed = labelcore("jobs")
    listed_running = labelcore("jobs", "list", "--state", "queued,running")
    of_other_project = labelcore("jobs", "--project", project_id + 1)
    watched = labelcore("jobs", "watch", finished["id"])
    cancelled = labelcore("jobs", "cancel", queued)
    cancelled_again = labelcore("jobs", "cancel", queued)
    watched_cancelled = labelcore("jobs", "watch", queued)

    assert listed.exit_code == 0, listed.output
    assert [row[:3] for row in _rows(listed)] == [
        [str(queued), "datamanager.build_index", "queued"],
        [str(finished["id"]), "import", "finished"],
    ]
    assert [row[0] for row in _rows(listed_running)] == [str(queued)]
    assert of_other_project.stdout.strip() == "No jobs match."
    assert watched.exit_code == 0, watched.output
    assert f"Job {finished['id']} (import) finished" in watched.stdout
    assert cancelled.exit_code == 0, cancelled.output
    assert client.get(f"/api/jobs/{queued}/").json["state"] == "cancelled"
    assert cancelled_again.exit_code == 1
    assert "is already cancelled" in cancelled_again.stderr
    assert watched_cancelled.exit_code == 1
    assert f"Job {queued} cancelled" in watched_cancelled.stderr


def test_watch_follows_a_running_job_to_its_end(app, labelcore, client, new_project):
    """A job another process runs: the watcher sees it end."""
    import threading
    import time

    from labelcore.jobs.runner import run_job_in_app

    project_id = new_project(tasks=[{"text": "some words"}])
    queued = _queued_build(app, project_id)
    runner = threading.Timer(0.5, run_job_in_app, (app, queued))
    runner.start()
    started = time.monotonic()

    watched = labelcore("jobs", "watch", queued)

    runner.join()
    assert time.monotonic() - started >= 0.5
    assert watched.exit_code == 0, watched.output
    assert f"Job {queued} (datamanager.build_index) finished" in watched.stdout
    assert client.get(f"/api/jobs/{queued}/").json["state"] == "finished"


# -- with Redis: the workers run the job --------------------------------------------


@pytest.fixture
def worker(environment, redis_url):
    """A real ``labelcore worker`` on the test's database and Redis, stopped
    by its process id at the end."""
    import os
    import subprocess
    import sys

    settings = {**environment, "LABELCORE_REDIS_URL": redis_url}
    process = subprocess.Popen(
        [sys.executable, "-m", "labelcore.cli", "worker"],
        env={
            **{k: v for k, v in os.environ.items() if not k.startswith("LABELCORE_")},
            **settings,
        },
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    yield settings
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.mark.redis
def test_with_redis_the_import_is_queued_for_the_workers(
    tmp_path, client, new_project, worker
):
    project_id = new_project()
    path = tmp_path / "tasks.jsonl"
    path.write_text('{"text": "from a worker"}\n')

    outcome = CliRunner().invoke(
        main, ["import", str(project_id), str(path)], env=worker
    )

    assert outcome.exit_code == 0, outcome.output
    assert "tasks:       1 imported" in outcome.stdout
    (job,) = _jobs(client, project=project_id, kind="import")
    assert job["state"] == "finished"
    assert [task["data"]["text"] for task in _tasks(client, project_id)] == [
        "from a worker"
    ]


@pytest.mark.parametrize(
    ("runs_here", "state"), [(True, "cancelled"), (False, "queued")]
)
def test_ctrl_c_cancels_only_a_job_the_command_runs_itself(
    app, new_project, monkeypatch, runs_here, state
):
    from labelcore.cli_data._common import follow
    from labelcore.jobs import progress
    from labelcore.models import Job, db

    queued = _queued_build(app, new_project())

    def interrupted(*arguments):
        raise KeyboardInterrupt

    monkeypatch.setattr(progress, "follow_job", interrupted)
    with app.app_context():
        with pytest.raises(SystemExit) as stopped:
            follow(queued, "Indexing", runs_here)
        assert stopped.value.code == 130
        assert db.session.get(Job, queued).state == state
        db.session.remove()


@pytest.mark.redis
def test_an_import_left_on_the_queue_is_run_later_by_any_runner(
    tmp_path, app, client, environment, new_project, redis_url, monkeypatch, data_dir
):
    """Stopped following before any worker took it, the job keeps its copy of
    the file in the data directory, so another runner runs it later."""
    from labelcore.jobs import progress
    from labelcore.jobs.runner import run_job_in_app

    def interrupted(*arguments):
        raise KeyboardInterrupt

    monkeypatch.setattr(progress, "follow_job", interrupted)
    project_id = new_project()
    path = tmp_path / "tasks.jsonl"
    path.write_text('{"text": "later"}\n{"text": "much later"}\n')

    outcome = CliRunner().invoke(
        main,
        ["import", str(project_id), str(path)],
        env={**environment, "LABELCORE_REDIS_URL": redis_url},
    )
    (job,) = _jobs(client, project=project_id)
    copies = [copy.read_text() for copy in (data_dir / "imports").iterdir()]
    path.unlink()
    run_job_in_app(app, job["id"])

    assert outcome.exit_code == 130
    assert f"labelcore jobs watch {job['id']}" in outcome.stderr
    assert job["state"] == "queued"
    assert copies == ['{"text": "later"}\n{"text": "much later"}\n']
    assert client.get(f"/api/jobs/{job['id']}/").json["state"] == "finished"
    assert sorted(task["data"]["text"] for task in _tasks(client, project_id)) == [
        "later",
        "much later",
    ]
