"""Projects: create, list, read, change, delete, and validate configs."""

import pytest

BROKEN_XML = """<View>
  <Text name="text" value="$text">
</View>"""


@pytest.mark.postgres
def test_create_answers_201_with_label_studio_fields(client, text_config, sections):
    response = client.post(
        "/api/projects/",
        json={
            "title": "Sections",
            "description": "Debian package sections",
            "label_config": text_config,
            "maximum_annotations": 2,
            "show_skip_button": False,
        },
    )

    assert response.status_code == 201
    project = response.json
    assert project["title"] == "Sections"
    assert project["description"] == "Debian package sections"
    assert project["label_config"] == text_config
    assert project["maximum_annotations"] == 2
    assert project["show_skip_button"] is False
    assert project["task_number"] == 0
    assert project["created_by"]["email"] == "admin@example.com"
    parsed = project["parsed_label_config"]["section"]
    assert parsed["type"] == "Choices"
    assert parsed["to_name"] == ["text"]
    assert parsed["labels"] == sections


def test_create_without_a_title_or_config_gets_defaults(client):
    response = client.post("/api/projects/", json={})

    assert response.status_code == 201
    assert response.json["title"] == ""
    assert response.json["label_config"] == "<View></View>"


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        (BROKEN_XML, "line 3"),
        ('<View><Sparkle name="x"/></View>', "'Sparkle'"),
        (
            '<View><Text name="text" value="$text"/>'
            '<Choices name="c" toName="nowhere"><Choice value="A"/></Choices></View>',
            "'nowhere'",
        ),
    ],
    ids=["xml-syntax", "unknown-tag", "unknown-target"],
)
def test_create_refuses_a_bad_config_and_saves_nothing(client, config, expected):
    response = client.post(
        "/api/projects/", json={"title": "Bad", "label_config": config}
    )

    assert response.status_code == 400
    assert expected in response.json["detail"]
    assert response.json["validation_errors"]["label_config"]
    issue = next(i for i in response.json["issues"] if i["severity"] == "error")
    assert issue["line"] >= 1
    assert issue["column"] >= 1
    assert client.get("/api/projects/").json["count"] == 0


@pytest.mark.parametrize(
    ("field", "value", "rule"),
    [
        ("title", "x" * 201, "at most 200"),
        ("title", 7, "must be a string"),
        ("maximum_annotations", 0, "≥ 1"),
        ("show_skip_button", "yes", "true or false"),
        ("sampling", "Loudest first", "'Loudest first'"),
        ("workflow", "three-step", "'three-step'"),
    ],
)
def test_create_refuses_a_bad_field_naming_it(client, text_config, field, value, rule):
    response = client.post(
        "/api/projects/", json={"label_config": text_config, field: value}
    )

    assert response.status_code == 400
    error_field = "sampling" if field == "sampling" else field
    assert rule in response.json["validation_errors"][error_field][0]
    assert error_field in response.json["detail"]


def test_an_unknown_sampler_is_refused_listing_the_installed(client, text_config):
    response = client.post(
        "/api/projects/", json={"label_config": text_config, "sampling": "loud"}
    )

    assert "sequential" in response.json["detail"]
    assert "random" in response.json["detail"]


def test_label_studio_sampling_names_are_accepted_and_echoed(client, text_config):
    created = client.post(
        "/api/projects/",
        json={"label_config": text_config, "sampling": "Uniform sampling"},
    )

    assert created.status_code == 201
    assert created.json["sampling"] == "Uniform sampling"


@pytest.mark.postgres
def test_list_is_paged_newest_first(client, new_project):
    ids = [new_project(title=f"Project {number}")["id"] for number in range(3)]

    first = client.get("/api/projects/?page_size=2").json
    second = client.get("/api/projects/?page_size=2&page=2").json

    assert first["count"] == 3
    assert [project["id"] for project in first["results"]] == ids[::-1][:2]
    assert first["previous"] is None
    assert "page=2" in first["next"]
    assert [project["id"] for project in second["results"]] == [ids[0]]
    assert second["next"] is None
    assert "page=1" in second["previous"]


def test_list_filters_by_title(client, new_project):
    new_project(title="Bugs in libc")
    new_project(title="Fonts")

    listed = client.get("/api/projects/?title=libc").json

    assert [project["title"] for project in listed["results"]] == ["Bugs in libc"]


def test_list_counts_tasks_and_annotations(client, project_with_tasks, sections):
    project = project_with_tasks(5)
    client.post(
        f"/api/tasks/{project['task_ids'][0]}/annotations",
        json={
            "result": [
                {
                    "from_name": "section",
                    "to_name": "text",
                    "type": "choices",
                    "value": {"choices": [sections[0]]},
                }
            ]
        },
    )

    [listed] = client.get("/api/projects/").json["results"]

    assert listed["task_number"] == 5
    assert listed["total_annotations_number"] == 1
    assert listed["num_tasks_with_annotations"] == 1


@pytest.mark.postgres
def test_read_patch_and_delete(client, project_with_tasks):
    project = project_with_tasks(3)
    path = f"/api/projects/{project['id']}/"

    assert client.get(path).json["title"] == "Debian sections"
    patched = client.patch(path, json={"title": "Renamed", "maximum_annotations": 3})
    assert patched.status_code == 200
    assert patched.json["title"] == "Renamed"
    assert client.get(path).json["maximum_annotations"] == 3

    deleted = client.delete(path)
    assert deleted.status_code == 204
    missing = client.get(path)
    assert missing.status_code == 404
    assert missing.json["code"] == "not_found"
    assert f"Project {project['id']}" in missing.json["detail"]
    assert client.get(f"/api/tasks/{project['task_ids'][0]}").status_code == 404


def test_patch_with_a_bad_config_keeps_the_old_one(client, new_project, text_config):
    project = new_project()

    response = client.patch(
        f"/api/projects/{project['id']}", json={"label_config": BROKEN_XML}
    )

    assert response.status_code == 400
    assert client.get(f"/api/projects/{project['id']}").json["label_config"] == (
        text_config
    )


def test_patch_changes_the_config(client, new_project):
    project = new_project()
    config = (
        '<View><Text name="text" value="$text"/>'
        '<Choices name="verdict" toName="text"><Choice value="Keep"/></Choices>'
        "</View>"
    )

    response = client.patch(
        f"/api/projects/{project['id']}", json={"label_config": config}
    )

    assert response.status_code == 200
    assert list(response.json["parsed_label_config"]) == ["verdict"]


def test_validate_accepts_a_good_config(client, text_config):
    response = client.post(
        "/api/projects/validate/", json={"label_config": text_config}
    )

    assert response.status_code == 200
    assert response.json["parsed_label_config"]["section"]["inputs"][0]["value"] == (
        "text"
    )


def test_validate_refuses_a_bad_config_with_line_and_column(client):
    response = client.post("/api/projects/validate", json={"label_config": BROKEN_XML})

    assert response.status_code == 400
    errors = [i for i in response.json["issues"] if i["severity"] == "error"]
    assert errors[0]["line"] == 3


def test_validate_needs_a_config(client):
    response = client.post("/api/projects/validate/", json={})

    assert response.status_code == 400
    assert "label_config" in response.json["validation_errors"]


def test_validate_for_a_project(client, new_project, text_config):
    project = new_project()

    good = client.post(
        f"/api/projects/{project['id']}/validate/", json={"label_config": text_config}
    )
    bad = client.post(
        f"/api/projects/{project['id']}/validate", json={"label_config": BROKEN_XML}
    )
    unknown = client.post(
        "/api/projects/99999/validate/", json={"label_config": text_config}
    )

    assert good.status_code == 200
    assert bad.status_code == 400
    assert unknown.status_code == 404


def test_sampler_parameters_are_checked_when_saved(client, new_project):
    project = new_project(sampling="uncertainty")

    refused = client.patch(
        f"/api/projects/{project['id']}/",
        json={"settings": {"sampler_parameters": {"strategy": "loudest"}}},
    )
    kept = client.get(f"/api/projects/{project['id']}/").json["settings"]
    switched = client.patch(
        f"/api/projects/{project['id']}/",
        json={
            "sampling": "uncertainty",
            "settings": {"sampler_parameters": {"strategy": "margin"}},
        },
    )

    assert refused.status_code == 400, refused.json
    assert "settings.sampler_parameters" in refused.json["validation_errors"]
    assert "strategy" in refused.json["detail"]
    assert "sampler_parameters" not in (kept or {})
    assert switched.status_code == 200, switched.json
    assert switched.json["settings"]["sampler_parameters"] == {"strategy": "margin"}


def test_label_studio_s_top_level_stream_fields_are_kept_and_checked(
    client, new_project
):
    project = new_project()

    saved = client.patch(
        f"/api/projects/{project['id']}/",
        json={"skip_queue": "REQUEUE_FOR_ME", "overlap_cohort_percentage": 40},
    )
    refused = client.patch(
        f"/api/projects/{project['id']}/",
        json={"settings": {"lock_ttl_seconds": 0}},
    )

    assert saved.status_code == 200, saved.json
    assert saved.json["skip_queue"] == "REQUEUE_FOR_ME"
    assert saved.json["overlap_cohort_percentage"] == 40
    assert saved.json["settings"]["skip_queue"] == "REQUEUE_FOR_ME"
    assert refused.status_code == 400, refused.json
    assert "'lock_ttl_seconds' must be a whole number from 1" in refused.json["detail"]
