"""Both label-studio-sdk clients make, poll, convert and download snapshots."""

import csv
import io
import time

import orjson
import pytest
from label_studio_sdk import LabelStudio
from label_studio_sdk._legacy import Client

pytestmark = pytest.mark.slow

CONFIG = """<View>
  <Text name="text" value="$text"/>
  <Choices name="label" toName="text"><Choice value="A"/><Choice value="B"/></Choices>
</View>"""
TASKS = [
    {
        "data": {"text": f"text {number}"},
        "annotations": [
            {
                "result": [
                    {
                        "from_name": "label",
                        "to_name": "text",
                        "type": "choices",
                        "value": {"choices": ["A" if number % 2 else "B"]},
                    }
                ]
            }
        ],
    }
    for number in range(30)
]


def test_legacy_client_exports_a_snapshot(live_server, tmp_path):
    client = Client(url=live_server.url, api_key=live_server.token)
    project = client.start_project(title="Legacy export", label_config=CONFIG)
    project.import_tasks(TASKS)

    outcome = project.export(export_type="JSON", output_dir=str(tmp_path))

    assert outcome["status"] == 200
    assert outcome["filename"].endswith(".json")
    tasks = orjson.loads((tmp_path / outcome["filename"]).read_bytes())
    assert [task["data"]["text"] for task in tasks] == [
        t["data"]["text"] for t in TASKS
    ]
    assert all(isinstance(task["predictions"], list) for task in tasks)
    listed = project.export_snapshot_list()
    assert [entry["id"] for entry in listed] == [outcome["export_id"]]
    assert project.export_snapshot_delete(outcome["export_id"]) == 204


def test_new_client_creates_converts_and_downloads(live_server):
    client = LabelStudio(base_url=live_server.url, api_key=live_server.token)
    project = client.projects.create(title="New export", label_config=CONFIG)
    client.projects.import_tasks(id=project.id, request=TASKS)

    created = client.projects.exports.create(id=project.id, title="all")
    deadline = time.monotonic() + 60
    snapshot = client.projects.exports.get(id=project.id, export_pk=created.id)
    while snapshot.status != "completed" and time.monotonic() < deadline:
        time.sleep(0.1)
        snapshot = client.projects.exports.get(id=project.id, export_pk=created.id)
    assert snapshot.status == "completed"
    assert snapshot.counters["task_number"] == 30

    converted = client.projects.exports.convert(
        id=project.id, export_pk=created.id, export_type="CSV"
    )
    assert converted.export_type == "CSV"
    body = b"".join(
        client.projects.exports.download(
            id=project.id, export_pk=created.id, export_type="CSV"
        )
    )
    rows = list(csv.DictReader(io.StringIO(body.decode())))
    assert [row["label"] for row in rows[:2]] == ["B", "A"]
    formats = client.projects.exports.list_formats(id=project.id)
    assert "YOLO" in {entry["name"] for entry in formats}
