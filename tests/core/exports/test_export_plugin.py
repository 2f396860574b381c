"""An in-house export format is a plugin: registered, listed, streamed and
used to convert a snapshot, with nothing in the core knowing its name."""

import time

import pytest

from labelcore import ExportContext, Exporter, hookimpl

CONFIG = '<View><Text name="text" value="$text"/></View>'


class WordCounts(Exporter):
    name = "WORD_COUNTS"
    title = "Word counts"
    description = "One line per task: its id and how many words its text has."
    media_type = "text/plain"
    file_extension = ".txt"

    def applies_to(self, parsed_config):
        return "text" in parsed_config.data_keys

    def export(self, tasks, context: ExportContext):
        for task in tasks:
            yield f"{task['id']} {len(task['data']['text'].split())}\n".encode()


class InHouse:
    LABELCORE_PLUGIN_NAME = "in-house"

    @hookimpl
    def register_exporters(self):
        return [WordCounts()]


@pytest.fixture
def app(make_app):
    import labelcore_formats.plugin
    import labelcore_samplers.plugin
    import labelcore_templates.plugin
    import labelcore_workflows.plugin

    return make_app(
        plugins=(
            labelcore_templates.plugin,
            labelcore_formats.plugin,
            labelcore_samplers.plugin,
            labelcore_workflows.plugin,
            InHouse(),
        ),
        disable_plugin_autoload=True,
    )


def test_an_exporter_plugin_streams_and_converts(client):
    project = client.post(
        "/api/projects/", json={"title": "Words", "label_config": CONFIG}
    ).get_json()
    client.post(
        f"/api/projects/{project['id']}/import",
        json=[{"text": "one two three"}, {"text": "four"}],
    )

    formats = client.get(f"/api/projects/{project['id']}/export/formats").get_json()
    streamed = client.get(
        f"/api/projects/{project['id']}/export"
        "?exportType=WORD_COUNTS&download_all_tasks=true"
    )
    lines = streamed.get_data(as_text=True).splitlines()
    snapshot = client.post(
        f"/api/projects/{project['id']}/exports/", json={}
    ).get_json()
    deadline = time.monotonic() + 30
    while (
        client.get(
            f"/api/projects/{project['id']}/exports/{snapshot['id']}"
        ).get_json()["status"]
        != "completed"
    ):
        assert time.monotonic() < deadline
        time.sleep(0.05)
    converted = client.get(
        f"/api/projects/{project['id']}/exports/{snapshot['id']}/download"
        "?exportType=WORD_COUNTS"
    )

    entry = next(entry for entry in formats if entry["name"] == "WORD_COUNTS")
    assert (entry["title"], entry["disabled"]) == ("Word counts", False)
    assert streamed.status_code == 200
    assert [line.split()[1] for line in lines] == ["3", "1"]
    assert converted.get_data(as_text=True) == streamed.get_data(as_text=True)
    assert converted.headers["Content-Disposition"].endswith('.txt"')
