"""``GET /api/tasks/`` with Label Studio's data-manager query: filters, order,
selection, and the columns a filter may not name."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime

import pytest

from tests.core.api.debian_packages import choice_result


def _page(client, project_id, query=None, **params):
    args = {"project": project_id, "page_size": 100, **params}
    if query is not None:
        args["query"] = json.dumps(query)
    return client.get("/api/tasks/", query_string=args)


def _filters(*items, conjunction="and"):
    return {"filters": {"conjunction": conjunction, "items": list(items)}}


def _item(column, operator, value, kind="String"):
    return {
        "filter": f"filter:tasks:{column}",
        "operator": operator,
        "type": kind,
        "value": value,
    }


def _ids(response):
    assert response.status_code == 200, response.json
    return [task["id"] for task in response.json["tasks"]]


@pytest.fixture
def packages_project(project_with_tasks, packages):
    project = project_with_tasks(60)
    project["records"] = dict(zip(project["task_ids"], packages[:60], strict=True))
    return project


@pytest.mark.postgres
def test_equal_on_a_data_key_keeps_the_matching_tasks(client, packages_project):
    records = packages_project["records"]
    section = next(iter(records.values()))["section"]

    response = _page(
        client,
        packages_project["id"],
        _filters(_item("data.section", "equal", section)),
    )

    expected = [i for i, record in records.items() if record["section"] == section]
    assert _ids(response) == expected
    assert response.json["total"] == len(expected)


@pytest.mark.postgres
def test_contains_ignores_case_and_not_contains_is_its_complement(
    client, packages_project
):
    records = packages_project["records"]
    word = "LIBRARY"

    found = _ids(
        _page(
            client,
            packages_project["id"],
            _filters(_item("data.text", "contains", word)),
        )
    )
    rest = _ids(
        _page(
            client,
            packages_project["id"],
            _filters(_item("data.text", "not_contains", word)),
        )
    )

    expected = [i for i, r in records.items() if word.lower() in r["text"].lower()]
    assert found == expected
    assert 0 < len(found) < len(records)
    assert sorted(found + rest) == sorted(records)


@pytest.mark.postgres
def test_starts_with_on_a_data_key(client, packages_project):
    records = packages_project["records"]
    prefix = next(iter(records.values()))["text"][:6]

    found = _ids(
        _page(
            client,
            packages_project["id"],
            _filters(_item("data.text", "starts_with", prefix)),
        )
    )

    expected = [
        i for i, r in records.items() if r["text"].lower().startswith(prefix.lower())
    ]
    assert found == expected


@pytest.mark.postgres
def test_number_ranges_between_and_in_list_on_task_fields(client, packages_project):
    ids = packages_project["task_ids"]
    project_id = packages_project["id"]

    between = _page(
        client,
        project_id,
        _filters(_item("id", "in", {"min": ids[3], "max": ids[7]}, "Number")),
    )
    greater = _page(
        client, project_id, _filters(_item("inner_id", "greater", 57, "Number"))
    )
    listed = _page(
        client,
        project_id,
        _filters(_item("id", "in_list", [ids[1], ids[9]], "Number")),
    )
    outside = _page(
        client,
        project_id,
        _filters(_item("id", "not_in", {"min": ids[1], "max": ids[58]}, "Number")),
    )

    assert _ids(between) == ids[3:8]
    assert _ids(greater) == ids[57:]
    assert _ids(listed) == [ids[1], ids[9]]
    assert _ids(outside) == [ids[0], ids[59]]


@pytest.mark.postgres
def test_counts_of_annotations_skips_and_predictions_filter(
    client, packages_project, sections
):
    ids = packages_project["task_ids"]
    project_id = packages_project["id"]
    client.post(
        f"/api/tasks/{ids[0]}/annotations", json={"result": choice_result(sections[0])}
    )
    client.post(f"/api/tasks/{ids[1]}/annotations", json={"was_cancelled": True})
    client.post(
        "/api/predictions",
        json={"task": ids[2], "result": choice_result(sections[1]), "score": 0.4},
    )

    annotated = _page(
        client,
        project_id,
        _filters(_item("total_annotations", "greater", 0, "Number")),
    )
    skipped = _page(
        client,
        project_id,
        _filters(_item("cancelled_annotations", "equal", 1, "Number")),
    )
    predicted = _page(
        client,
        project_id,
        _filters(_item("predictions_score", "less", 0.5, "Number")),
    )
    by_version = _page(
        client,
        project_id,
        _filters(_item("predictions_model_versions", "empty", False, "List")),
    )
    states = _page(
        client, project_id, _filters(_item("state", "equal", "completed", "String"))
    )

    assert _ids(annotated) == [ids[0]]
    assert _ids(skipped) == [ids[1]]
    assert _ids(predicted) == [ids[2]]
    assert _ids(by_version) == [ids[2]]
    assert _ids(states) == [ids[0]]


@pytest.mark.postgres
def test_annotators_filter_names_who_annotated(
    client, packages_project, annotator_client, sections
):
    ids = packages_project["task_ids"]
    other = annotator_client()
    other.post(
        f"/api/tasks/{ids[4]}/annotations", json={"result": choice_result(sections[0])}
    )

    response = _page(
        client,
        packages_project["id"],
        _filters(_item("annotators", "contains", other.user_id, "List")),
        fields="all",
    )

    assert _ids(response) == [ids[4]]
    assert response.json["tasks"][0]["annotators"] == [other.user_id]
    assert len(response.json["tasks"][0]["annotations"]) == 1


@pytest.mark.postgres
def test_or_joins_items_and_and_narrows_them(client, packages_project):
    ids = packages_project["task_ids"]
    project_id = packages_project["id"]
    first = _item("id", "equal", ids[0], "Number")
    second = _item("id", "equal", ids[1], "Number")

    either = _page(client, project_id, _filters(first, second, conjunction="or"))
    both = _page(client, project_id, _filters(first, second, conjunction="and"))

    assert _ids(either) == ids[:2]
    assert _ids(both) == []


@pytest.mark.postgres
def test_created_at_datetime_range(client, packages_project):
    project_id = packages_project["id"]
    everything = {"min": "2000-01-01T00:00:00.000000Z", "max": "2999-01-01T00:00:00Z"}
    nothing = {"min": "2000-01-01T00:00:00Z", "max": "2000-01-02T00:00:00Z"}

    found = _page(
        client, project_id, _filters(_item("created_at", "in", everything, "Datetime"))
    )
    empty = _page(
        client, project_id, _filters(_item("created_at", "in", nothing, "Datetime"))
    )

    assert len(_ids(found)) == 60
    assert _ids(empty) == []


@pytest.mark.postgres
def test_ordering_by_a_data_key_and_descending_id(client, packages_project):
    records = packages_project["records"]
    project_id = packages_project["id"]

    by_section = _ids(_page(client, project_id, {"ordering": ["tasks:data.section"]}))
    newest_first = _ids(_page(client, project_id, {"ordering": ["-tasks:id"]}))

    assert by_section == sorted(records, key=lambda i: (records[i]["section"], i))
    assert newest_first == sorted(records, reverse=True)


@pytest.mark.postgres
def test_selected_items_narrow_the_list_as_the_sdk_sends_them(client, packages_project):
    ids = packages_project["task_ids"]
    project_id = packages_project["id"]

    included = _page(
        client, project_id, {"selectedItems": {"all": False, "included": ids[5:7]}}
    )
    excluded = _page(
        client,
        project_id,
        {"selectedItems": {"all": True, "excluded": ids[1:]}},
    )

    assert _ids(included) == ids[5:7]
    assert _ids(excluded) == [ids[0]]


@pytest.mark.parametrize(
    "column",
    [
        "annotators.password_hash",
        "annotators__password_hash",
        "updated_by.password_hash",
        "completed_by__email",
        "project.label_config",
    ],
)
def test_a_filter_on_a_private_field_of_a_related_row_is_refused(
    client, packages_project, column
):
    response = _page(
        client,
        packages_project["id"],
        _filters(_item(column, "contains", "pbkdf2")),
    )

    assert response.status_code == 400
    assert "filters.items[0].filter" in response.json["validation_errors"]
    assert column in response.json["detail"]
    assert "tasks:annotators" in response.json["detail"]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("{not json", "query"),
        (json.dumps(_filters(_item("id", "like", 1))), "filters.items[0].operator"),
        (
            json.dumps(_filters(_item("id", "greater", "many", "Number"))),
            "filters.items[0]",
        ),
        (json.dumps({"ordering": ["tasks:password_hash"]}), "ordering[0]"),
        (json.dumps({"ordering": ["tasks:annotators"]}), "ordering[0]"),
        (
            json.dumps(_filters(_item("data.a'b", "equal", 1))),
            "filters.items[0].filter",
        ),
        (
            json.dumps({"filters": {"conjunction": "xor", "items": []}}),
            "filters.conjunction",
        ),
    ],
)
def test_malformed_queries_are_refused_with_the_field_named(
    client, packages_project, query, field
):
    response = client.get(
        "/api/tasks/",
        query_string={"project": packages_project["id"], "query": query},
    )

    assert response.status_code == 400
    assert field in response.json["validation_errors"]


def test_a_filtered_page_past_the_end_is_404(client, packages_project):
    query = _filters(_item("id", "equal", packages_project["task_ids"][0], "Number"))

    response = _page(client, packages_project["id"], query, page=2, page_size=1)

    assert response.status_code == 404


def test_include_keeps_only_the_named_fields(client, packages_project):
    response = _page(client, packages_project["id"], include="id")

    assert response.status_code == 200
    assert response.json["tasks"][0] == {"id": packages_project["task_ids"][0]}


@pytest.fixture
def notes_project(client, new_project):
    """Tasks whose ``note`` is a word, blank, null, a number or missing; ``n`` is a
    number on each, and ``tag`` a word on each."""
    project = new_project()
    data = [
        {"text": "one", "note": "kept", "n": 5, "tag": "red"},
        {"text": "two", "note": "", "n": 15, "tag": "blue"},
        {"text": "three", "note": None, "n": 25, "tag": "red"},
        {"text": "four", "n": 35, "tag": "green"},
        {"text": "five", "note": 0, "n": 45, "tag": "blue"},
    ]
    response = client.post(
        f"/api/projects/{project['id']}/import?return_task_ids=true", json=data
    )
    assert response.status_code == 201, response.json
    project["task_ids"] = response.json["task_ids"]
    return project


@pytest.mark.postgres
def test_not_equal_keeps_tasks_with_another_value_or_none(client, notes_project):
    ids = notes_project["task_ids"]
    project_id = notes_project["id"]

    on_text = _page(client, project_id, _filters(_item("data.tag", "not_equal", "red")))
    on_number = _page(
        client, project_id, _filters(_item("data.n", "not_equal", 15, "Number"))
    )
    on_note = _page(
        client, project_id, _filters(_item("data.note", "not_equal", "kept"))
    )
    on_field = _page(
        client, project_id, _filters(_item("id", "not_equal", ids[0], "Number"))
    )

    assert _ids(on_text) == [ids[1], ids[3], ids[4]]
    assert _ids(on_number) == [ids[0], ids[2], ids[3], ids[4]]
    # A task without the key, or with null, is not "kept" either.
    assert _ids(on_note) == ids[1:]
    assert _ids(on_field) == ids[1:]


@pytest.mark.postgres
@pytest.mark.parametrize("value", [True, "true"])
def test_empty_on_a_data_key_finds_blank_null_and_missing_values(
    client, notes_project, value
):
    ids = notes_project["task_ids"]

    response = _page(
        client, notes_project["id"], _filters(_item("data.note", "empty", value))
    )

    assert _ids(response) == [ids[1], ids[2], ids[3]]


@pytest.mark.postgres
@pytest.mark.parametrize("value", [False, "false"])
def test_not_empty_on_a_data_key_keeps_words_and_numbers(client, notes_project, value):
    ids = notes_project["task_ids"]

    text = _page(
        client, notes_project["id"], _filters(_item("data.note", "empty", value))
    )
    number = _page(
        client,
        notes_project["id"],
        _filters(_item("data.n", "empty", value, "Number")),
    )

    assert _ids(text) == [ids[0], ids[4]]
    assert _ids(number) == ids


@pytest.mark.postgres
def test_between_and_in_list_on_data_keys(client, notes_project):
    ids = notes_project["task_ids"]
    project_id = notes_project["id"]

    between = _page(
        client,
        project_id,
        _filters(_item("data.n", "in", {"min": 15, "max": 35}, "Number")),
    )
    outside = _page(
        client,
        project_id,
        _filters(_item("data.n", "not_in", {"min": 15, "max": 35}, "Number")),
    )
    listed = _page(
        client, project_id, _filters(_item("data.tag", "in_list", ["red", "green"]))
    )
    not_listed = _page(
        client, project_id, _filters(_item("data.tag", "not_in_list", ["red"]))
    )

    assert _ids(between) == ids[1:4]
    assert _ids(outside) == [ids[0], ids[4]]
    assert _ids(listed) == [ids[0], ids[2], ids[3]]
    assert _ids(not_listed) == [ids[1], ids[3], ids[4]]


@pytest.mark.postgres
def test_updated_at_range_finds_the_tasks_changed_since(client, notes_project):
    ids = notes_project["task_ids"]
    project_id = notes_project["id"]
    before = client.get(f"/api/tasks/{ids[4]}/").json["updated_at"]
    changed = [ids[1], ids[3]]
    time.sleep(0.01)
    mark = datetime.now(UTC).isoformat()
    time.sleep(0.01)
    for task_id in changed:
        response = client.patch(
            f"/api/tasks/{task_id}/", json={"data": {"text": "edited"}}
        )
        assert response.status_code == 200, response.json
    later = {"min": mark, "max": "2999-01-01T00:00:00.000000Z"}
    earlier = {"min": "2000-01-01T00:00:00Z", "max": mark}

    since = _page(
        client, project_id, _filters(_item("updated_at", "in", later, "Datetime"))
    )
    until = _page(
        client, project_id, _filters(_item("updated_at", "in", earlier, "Datetime"))
    )
    after = _page(
        client, project_id, _filters(_item("updated_at", "greater", before, "Datetime"))
    )

    assert _ids(since) == changed
    assert _ids(until) == [ids[0], ids[2], ids[4]]
    assert _ids(after) == changed


@pytest.fixture
def counted_project(client, project_with_tasks, annotator_client, sections):
    """Six tasks whose annotations, skips and predictions count differently, with
    ties broken by id."""
    project = project_with_tasks(6)
    ids = project["task_ids"]
    result = choice_result(sections[0])
    others = [annotator_client() for _ in range(2)]
    annotations = {ids[1]: 2, ids[3]: 1, ids[5]: 2}
    skips = {ids[0]: 1, ids[4]: 2}
    predictions = {ids[2]: 3, ids[3]: 1}
    for task_id, count in annotations.items():
        for who in others[:count]:
            answer = who.post(
                f"/api/tasks/{task_id}/annotations", json={"result": result}
            )
            assert answer.status_code == 201, answer.json
    for task_id, count in skips.items():
        for who in others[:count]:
            answer = who.post(
                f"/api/tasks/{task_id}/annotations", json={"was_cancelled": True}
            )
            assert answer.status_code == 201, answer.json
    for task_id, count in predictions.items():
        for version in range(count):
            answer = client.post(
                "/api/predictions",
                json={
                    "task": task_id,
                    "result": result,
                    "model_version": f"v{version}",
                },
            )
            assert answer.status_code == 201, answer.json
    project["counts"] = {
        "total_annotations": annotations,
        "cancelled_annotations": skips,
        "total_predictions": predictions,
    }
    return project


@pytest.mark.postgres
@pytest.mark.parametrize(
    "column", ["total_annotations", "cancelled_annotations", "total_predictions"]
)
def test_ordering_by_each_count_column_breaks_ties_by_id(
    client, counted_project, column
):
    ids = counted_project["task_ids"]
    counts = counted_project["counts"][column]
    project_id = counted_project["id"]

    ascending = _page(client, project_id, {"ordering": [f"tasks:{column}"]})
    descending = _page(client, project_id, {"ordering": [f"-tasks:{column}"]})

    assert [task[column] for task in ascending.json["tasks"]] == sorted(
        counts.get(i, 0) for i in ids
    )
    assert _ids(ascending) == sorted(ids, key=lambda i: (counts.get(i, 0), i))
    assert _ids(descending) == sorted(
        ids, key=lambda i: (counts.get(i, 0), i), reverse=True
    )


@pytest.mark.postgres
def test_list_filters_read_empty_as_true_or_false_and_refuse_a_bad_annotator(
    client, counted_project
):
    ids = counted_project["task_ids"]
    project_id = counted_project["id"]
    versions = _item("predictions_model_versions", "empty", "false", "List")

    predicted = _page(client, project_id, _filters(versions))
    annotated = _page(
        client, project_id, _filters(_item("annotators", "empty", "false", "List"))
    )
    refused = _page(
        client, project_id, _filters(_item("annotators", "contains", "alice", "List"))
    )

    assert _ids(predicted) == [ids[2], ids[3]]
    assert _ids(annotated) == [ids[0], ids[1], ids[3], ids[4], ids[5]]
    assert refused.status_code == 400
    assert "filters.items[0].value" in refused.json["validation_errors"]
    assert "alice" in refused.json["detail"]


@pytest.mark.postgres
def test_columns_list_every_task_field_and_each_data_key_with_its_type(
    client, notes_project
):
    response = client.get(f"/api/dm/columns/?project={notes_project['id']}")

    assert response.status_code == 200, response.json
    columns = {column["id"]: column for column in response.json["columns"]}
    data = [column["id"] for column in response.json["columns"] if "parent" in column]
    # The config's key first, then the keys the import found.
    assert data == ["data.text", "data.n", "data.note", "data.tag"]
    assert columns["data.n"]["type"] == "Number"
    assert columns["data.tag"]["type"] == "String"
    assert {"total_annotations", "updated_at", "annotators"} <= set(columns)
    assert columns["annotators"] == {
        "id": "annotators",
        "title": "Annotated by",
        "type": "List",
        "target": "tasks",
        "sortable": False,
        "filterable": True,
        "visibility_defaults": {"explore": True, "labeling": False},
    }


@pytest.mark.postgres
def test_a_full_page_carries_the_value_of_every_listed_column(client, counted_project):
    ids = counted_project["task_ids"]
    columns = client.get(f"/api/dm/columns/?project={counted_project['id']}").json

    response = _page(client, counted_project["id"], fields="all")

    assert response.status_code == 200, response.json
    rows = {task["id"]: task for task in response.json["tasks"]}
    for column in columns["columns"]:
        if column.get("parent") != "data":
            assert column["id"] in rows[ids[0]], column["id"]
    assert rows[ids[2]]["predictions_model_versions"] == ["v0", "v1", "v2"]
    assert rows[ids[1]]["completed_at"] is not None
    assert rows[ids[0]]["completed_at"] is None
    assert '"choices"' in rows[ids[1]]["annotations_results"]
    assert rows[ids[0]]["predictions_results"] == ""
