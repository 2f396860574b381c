"""The data manager's filters and sort in the browser, on a project of 300 tasks
whose data is known: every count below is worked out from that data, and the
server's answers are the table's."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

CONFIG = """<View>
  <Text name="text" value="$text"/>
  <Choices name="topic" toName="text"><Choice value="A"/><Choice value="B"/></Choices>
</View>"""
COLORS = ("red", "green", "blue")
SIZE = 300
ANNOTATED = {150: 2, 3: 1, 200: 1}
"""Task position → annotations on it: the one with two comes first by count."""


def _record(position: int) -> dict:
    record = {
        "text": f"Package {position:03d}",
        "n": position,
        "color": COLORS[position % 3],
    }
    if position % 10 == 0:
        record["note"] = ""
    elif position % 10 != 1:
        record["note"] = f"note {position}"
    return record


RECORDS = [_record(position) for position in range(SIZE)]


def _count(keep) -> int:
    return sum(1 for record in RECORDS if keep(record))


@pytest.fixture(scope="module")
def project(api) -> dict:
    """The project's id and its task ids in import order."""
    made = api.post(
        f"{api.base_url}/api/projects/",
        json={"title": "Known data", "label_config": CONFIG},
    )
    assert made.status_code == 201, made.text
    project_id = made.json()["id"]
    imported = api.post(
        f"{api.base_url}/api/projects/{project_id}/import?return_task_ids=true",
        json=RECORDS,
    )
    assert imported.status_code == 201, imported.text
    task_ids = imported.json()["task_ids"]
    result = [
        {
            "from_name": "topic",
            "to_name": "text",
            "type": "choices",
            "value": {"choices": ["A"]},
        }
    ]
    for position, count in ANNOTATED.items():
        for _ in range(count):
            answer = api.post(
                f"{api.base_url}/api/tasks/{task_ids[position]}/annotations",
                json={"result": result},
            )
            assert answer.status_code == 201, answer.text
    return {"id": project_id, "task_ids": task_ids}


def _open(page, web_server, project) -> object:
    page.goto(f"{web_server.url}/projects/{project['id']}")
    table = page.get_by_test_id("task-table")
    _expect_total(table, SIZE)
    return table


def _expect_total(table, count: int) -> None:
    expect(table.get_by_test_id("task-total")).to_have_text(
        re.compile(rf"^{count:,} tasks\b")
    )


def _add_filter(table, number: int, column: str, operator: str, *values: str):
    table.get_by_role("button", name="Add filter").click()
    row = table.get_by_role("group", name=f"Filter {number}")
    row.get_by_label("Column").select_option(column)
    row.get_by_label("Operator").select_option(operator)
    labels = {0: [], 1: ["Value"], 2: ["From", "To"]}[len(values)]
    if operator in ("in", "not_in"):
        labels = ["Values"]
    for label, value in zip(labels, values, strict=True):
        row.get_by_label(label, exact=True).fill(value)
    return row


def _apply(table) -> None:
    table.get_by_role("button", name="Apply filters").click()


def _expect_first(table, task_id: int) -> None:
    """The first row's ID cell (after its checkbox) shows ``task_id``."""
    cell = table.locator("tbody tr").first.locator("td").nth(1)
    expect(cell).to_have_text(str(task_id))


def _sort_by(table, title: str, direction: str) -> None:
    header = table.get_by_role(
        "columnheader", name=re.compile(rf"^{title}\b", re.IGNORECASE)
    )
    header.get_by_role("button").click()
    expect(header).to_have_attribute("aria-sort", direction)


def test_two_filters_joined_by_and_then_by_or(page, web_server, project):
    both = _count(lambda r: r["n"] > 100 and r["color"] == "red")
    either = _count(lambda r: r["n"] > 100 or r["color"] == "red")
    table = _open(page, web_server, project)

    _add_filter(table, 1, "data.n", "greater", "100")
    _add_filter(table, 2, "data.color", "equal", "red")
    _apply(table)
    _expect_total(table, both)
    table.get_by_role("group", name="Filter 2").get_by_label("Match").select_option(
        "or"
    )
    _apply(table)

    _expect_total(table, either)
    assert (both, either) == (66, 233)


def test_between_on_a_number_key_in_on_a_text_key_and_is_empty(
    page, web_server, project
):
    table = _open(page, web_server, project)

    row = _add_filter(table, 1, "data.n", "between", "10", "19")
    assert row.get_by_label("From", exact=True).get_attribute("type") == "number"
    _apply(table)
    _expect_total(table, _count(lambda r: 10 <= r["n"] <= 19))
    row.get_by_label("Column").select_option("data.color")
    row.get_by_label("Operator").select_option("in")
    row.get_by_label("Values", exact=True).fill("red, blue")
    _apply(table)
    _expect_total(table, _count(lambda r: r["color"] in ("red", "blue")))
    row.get_by_label("Column").select_option("data.note")
    row.get_by_label("Operator").select_option("empty")
    assert row.get_by_label("Value", exact=True).count() == 0
    _apply(table)

    _expect_total(table, _count(lambda r: not r.get("note")))
    assert _count(lambda r: not r.get("note")) == 60


def test_sort_by_a_count_column_and_by_a_data_key(page, web_server, project):
    task_ids = project["task_ids"]
    table = _open(page, web_server, project)

    _sort_by(table, "Annotations", "ascending")
    _expect_first(table, task_ids[0])
    _sort_by(table, "Annotations", "descending")
    _expect_first(table, task_ids[150])
    _sort_by(table, "n", "ascending")
    _expect_first(table, task_ids[0])
    _sort_by(table, "n", "descending")
    _expect_first(table, task_ids[SIZE - 1])
    _sort_by(table, "n", "none")

    _expect_first(table, task_ids[0])


def test_a_saved_tab_shows_its_filters_after_a_reload(page, web_server, project, api):
    table = _open(page, web_server, project)
    _add_filter(table, 1, "data.n", "greater", "100")
    _add_filter(table, 2, "data.note", "empty")
    table.get_by_role("group", name="Filter 2").get_by_label("Match").select_option(
        "or"
    )
    _apply(table)
    expected = _count(lambda r: r["n"] > 100 or not r.get("note"))
    _expect_total(table, expected)
    _sort_by(table, "n", "ascending")
    _sort_by(table, "n", "descending")
    table.get_by_label("New tab name").fill("Late or blank")
    table.get_by_role("button", name="Save as tab").click()
    expect(table.get_by_role("tab", name="Late or blank")).to_have_attribute(
        "aria-selected", "true"
    )

    page.reload()

    table = page.get_by_test_id("task-table")
    expect(table.get_by_role("tab", name="Late or blank")).to_have_attribute(
        "aria-selected", "true"
    )
    _expect_total(table, expected)
    first = table.get_by_role("group", name="Filter 1")
    second = table.get_by_role("group", name="Filter 2")
    expect(first.get_by_label("Column")).to_have_value("data.n")
    expect(first.get_by_label("Operator")).to_have_value("greater")
    expect(first.get_by_label("Value", exact=True)).to_have_value("100")
    expect(second.get_by_label("Match")).to_have_value("or")
    expect(second.get_by_label("Column")).to_have_value("data.note")
    expect(second.get_by_label("Operator")).to_have_value("empty")
    expect(
        table.get_by_role("columnheader", name=re.compile(r"^n\b"))
    ).to_have_attribute("aria-sort", "descending")
    _expect_first(table, project["task_ids"][SIZE - 1])
    views = api.get(f"{api.base_url}/api/dm/views/?project={project['id']}").json()
    [saved] = [view for view in views if view["data"]["title"] == "Late or blank"]
    assert saved["data"]["filters"] == {
        "conjunction": "or",
        "items": [
            {
                "filter": "filter:tasks:data.n",
                "operator": "greater",
                "type": "Number",
                "value": 100,
            },
            {
                "filter": "filter:tasks:data.note",
                "operator": "empty",
                "type": "String",
                "value": True,
            },
        ],
    }
    assert saved["data"]["ordering"] == ["-tasks:data.n"]


def test_a_filter_the_server_refuses_is_shown_on_its_row(page, web_server, project):
    table = _open(page, web_server, project)

    _add_filter(table, 1, "data.color", "equal", "red")
    _add_filter(table, 2, "id", "in", "1, x")
    _apply(table)

    problem = table.get_by_role("group", name="Filter 2").get_by_role("alert")
    expect(problem).to_contain_text("Filter 2 must be a number, got 'x'")
    expect(table.get_by_text("The tasks could not be listed")).to_be_visible()
    expect(
        table.get_by_role("group", name="Filter 1").get_by_role("alert")
    ).to_have_count(0)
    table.get_by_role("button", name="Remove filter 2").click()
    _apply(table)
    _expect_total(table, _count(lambda r: r["color"] == "red"))
