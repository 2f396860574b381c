"""The data manager in the browser: a filter saved as a tab, a column hidden,
and an action on every matching task but one, checked through the API."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

CONFIG = """<View>
  <Text name="text" value="$text"/>
  <Choices name="topic" toName="text"><Choice value="A"/><Choice value="B"/></Choices>
</View>"""


def test_a_manager_saves_a_tab_hides_a_column_and_deletes_a_selection(
    page, web_server, make_project, api
):
    tasks = [
        {"text": f"{section} package {n}", "section": section}
        for section in ("libs", "web")
        for n in range(3)
    ]
    project = make_project("Data manager", CONFIG, tasks)
    listed = api.get(f"{api.base_url}/api/tasks/?project={project}").json()["tasks"]
    libs = [task["id"] for task in listed if task["data"]["section"] == "libs"]
    table = page.get_by_test_id("task-table")

    page.goto(f"{web_server.url}/projects/{project}")
    table.get_by_text("6 tasks", exact=False).wait_for()
    table.get_by_role("button", name="Add filter").click()
    row = table.get_by_role("group", name="Filter 1")
    row.get_by_label("Column").select_option("data.section")
    row.get_by_label("Operator").select_option("equal")
    row.get_by_label("Value", exact=True).fill("libs")
    table.get_by_role("button", name="Apply filters").click()
    table.get_by_text("3 tasks", exact=False).wait_for()
    table.get_by_label("New tab name").fill("Libraries")
    table.get_by_role("button", name="Save as tab").click()
    table.get_by_role("tab", name="Libraries").wait_for()

    table.get_by_text("Columns").click()
    table.get_by_role("checkbox", name="Predictions").uncheck()
    assert table.get_by_role("columnheader", name="Predictions").count() == 0

    table.get_by_role("button", name="Select every matching task").click()
    table.get_by_label(f"Select task {libs[0]}").uncheck()
    table.get_by_text("2 selected").wait_for()
    table.get_by_label("Action", exact=True).select_option("delete_tasks")
    table.get_by_role("button", name="Run").click()
    table.get_by_role("alertdialog").get_by_text("delete the selected tasks").wait_for()
    table.get_by_role("button", name="Yes, delete tasks").click()
    table.get_by_role("status").filter(
        has_text="Delete tasks: done for 2 tasks"
    ).wait_for()

    left = api.get(f"{api.base_url}/api/tasks/?project={project}").json()["tasks"]
    assert sorted(task["id"] for task in left) == sorted(
        [libs[0]] + [task["id"] for task in listed if task["data"]["section"] == "web"]
    )
    table.get_by_role("tab", name="All tasks").click()
    table.get_by_text("4 tasks", exact=False).wait_for()
    table.get_by_role("tab", name="Libraries").click()
    table.get_by_text("1 tasks", exact=False).wait_for()
    [view] = api.get(f"{api.base_url}/api/dm/views/?project={project}").json()
    assert view["data"]["title"] == "Libraries"
    assert view["data"]["filters"]["items"][0]["filter"] == "filter:tasks:data.section"
    # Saved before a column was hidden: the tab keeps each column's default.
    assert "hiddenColumns" not in view["data"]
