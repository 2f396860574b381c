"""The project's label-stream settings in the browser: a sampler and its
parameters from the installed plugins, overlap, skips and locks, saved
through the API, and the server's refusal shown in its words."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

CONFIG = """<View>
  <Text name="text" value="$text"/>
  <Choices name="topic" toName="text"><Choice value="A"/><Choice value="B"/></Choices>
</View>"""


def test_a_manager_picks_a_sampler_with_its_parameters_and_the_stream_rules(
    page, web_server, make_project, api
):
    project = make_project("Stream settings", CONFIG, [{"text": "one"}])
    page.goto(f"{web_server.url}/projects/{project}")
    page.get_by_role("button", name="Settings").click()
    stream = page.get_by_role("region", name="Label stream")

    stream.get_by_label("Sampler", exact=True).select_option("uncertainty")
    stream.get_by_label("Sampler parameter strategy").select_option("margin")
    stream.get_by_label("Model version (predictions that uncertainty reads)").fill("v2")
    stream.get_by_label("Annotators per task (overlap)").fill("3")
    stream.get_by_label("Skipped tasks").select_option("ignore_skipped")
    stream.get_by_label("Lock a handed-out task for (seconds)").fill("120")
    stream.get_by_role("button", name="Save stream settings").click()
    stream.get_by_role("status").filter(has_text="are saved").wait_for()

    saved = api.get(f"{api.base_url}/api/projects/{project}/").json()
    assert saved["sampling"] in ("uncertainty", "Uncertainty sampling")
    assert saved["model_version"] == "v2"
    assert saved["maximum_annotations"] == 3
    assert saved["settings"]["sampler_parameters"] == {"strategy": "margin"}
    assert saved["settings"]["skip_queue"] == "ignore_skipped"
    assert saved["settings"]["lock_ttl_seconds"] == 120

    stream.get_by_label("Lock a handed-out task for (seconds)").fill("0")
    stream.get_by_role("button", name="Save stream settings").click()
    stream.get_by_role("alert").filter(has_text="lock_ttl_seconds").wait_for()
    unchanged = api.get(f"{api.base_url}/api/projects/{project}/").json()
    assert unchanged["settings"]["lock_ttl_seconds"] == 120
