"""``GET /api/tasks/`` with Label Studio's data-manager query: filters, order,
selection, and the columns a filter may not name."""

from __future__ import annotations

import json

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
