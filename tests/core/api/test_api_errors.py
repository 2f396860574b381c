"""Every API error is JSON in one shape and says what was wrong with which item."""

import csv
import io

import pytest
from flask import Blueprint

from labelcore import hookimpl

SHAPE_KEYS = {"status_code", "detail", "validation_errors", "code", "issues"}


def assert_error_shape(response, status: int) -> dict:
    assert response.status_code == status
    assert response.mimetype == "application/json"
    body = response.json
    assert body["status_code"] == status
    assert isinstance(body["detail"], str) and body["detail"]
    assert set(body) <= SHAPE_KEYS | {"errors", "error_count"}, set(body)
    for field, messages in body.get("validation_errors", {}).items():
        assert isinstance(field, str)
        assert messages and all(isinstance(message, str) for message in messages)
    return body


def test_a_body_that_is_not_json(client):
    response = client.post(
        "/api/projects/", data="{title: x", content_type="application/json"
    )

    body = assert_error_shape(response, 400)
    assert "not valid JSON" in body["detail"]
    assert "line 1 column 2" in body["detail"]


def test_a_body_that_is_not_an_object_is_named_in_json_terms(client):
    response = client.post("/api/projects/", json=["a", "list"])

    body = assert_error_shape(response, 400)
    assert body["detail"] == "The request body must be a JSON object, got array."


def test_an_unknown_api_path(client):
    body = assert_error_shape(client.get("/api/no-such-thing"), 404)

    assert body["code"] == "not_found"
    assert "/api/no-such-thing" in body["detail"]


def test_an_unknown_object_names_its_kind_and_id(client):
    for path, named in [
        ("/api/projects/777", "Project 777"),
        ("/api/tasks/778", "Task 778"),
        ("/api/annotations/779", "Annotation 779"),
        ("/api/predictions/780", "Prediction 780"),
        ("/api/jobs/781", "Job 781"),
    ]:
        body = assert_error_shape(client.get(path), 404)
        assert named in body["detail"]
        assert body["code"] == "not_found"


def test_a_method_that_is_not_allowed(client):
    response = client.delete("/api/projects/")
    body = assert_error_shape(response, 405)

    assert "DELETE" in body["detail"]
    # The status's own header comes with the JSON body (RFC 9110: a 405
    # lists the methods that are allowed).
    assert {"GET", "POST"} <= set(response.headers["Allow"].split(", "))


def test_no_credentials(app):
    assert_error_shape(app.test_client().get("/api/projects/"), 401)


def test_a_failed_csrf_check(app, admin_credentials):
    browser = app.test_client()
    browser.post(
        "/api/auth/login",
        json={
            "email": admin_credentials["email"],
            "password": admin_credentials["password"],
        },
    )

    assert_error_shape(browser.post("/api/projects/", json={}), 403)


def test_a_body_over_the_upload_limit(make_app, admin_token):
    small = make_app(max_upload_bytes=4096)
    client = small.test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = f"Token {admin_token}"

    response = client.post("/api/projects/", json={"title": "x" * 8000})

    body = assert_error_shape(response, 413)
    assert "LABELCORE_MAX_UPLOAD_BYTES" in body["detail"]


def test_an_unexpected_failure_answers_json_with_a_reference(make_app, admin_token):
    failing = Blueprint("failing", __name__, url_prefix="/api/failing")

    @failing.get("/")
    def explode():
        raise RuntimeError("secret internals")

    class FailingPlugin:
        LABELCORE_PLUGIN_NAME = "failing"

        @hookimpl
        def register_blueprints(self):
            return [failing]

    app = make_app(plugins=[FailingPlugin()])
    client = app.test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = f"Token {admin_token}"

    body = assert_error_shape(client.get("/api/failing/"), 500)

    assert "reference" in body["detail"]
    assert "secret internals" not in body["detail"]


def test_an_annotation_error_names_the_item_the_field_and_the_rule(
    client, project_with_tasks
):
    project = project_with_tasks(1)
    good = {
        "from_name": "section",
        "to_name": "text",
        "type": "choices",
        "value": {"choices": ["devel"]},
    }
    bad = {**good, "value": {"choices": ["kernel-hacking"]}}

    response = client.post(
        f"/api/tasks/{project['task_ids'][0]}/annotations",
        json={"result": [good, bad]},
    )

    body = assert_error_shape(response, 400)
    [message] = body["validation_errors"]["result"]
    assert "result item 1" in message
    assert "'section'" in message
    assert "value.choices" in message
    assert "'kernel-hacking'" in message
    assert "not in the config" in message


def test_an_import_item_without_the_configs_key_is_named(client, new_project):
    project = new_project()

    response = client.post(
        f"/api/projects/{project['id']}/import",
        json=[{"text": "fine"}, {"body": "no text"}, {"text": "fine too"}],
    )

    assert response.status_code == 201
    assert response.json["task_count"] == 2
    [problem] = response.json["errors"]
    assert problem["location"] == "item 2"
    assert problem["field"] == "data"
    assert "'text'" in problem["message"]
    assert "missing" in problem["message"]


def test_an_import_where_no_item_fits_is_400_naming_the_items(client, new_project):
    project = new_project()

    response = client.post(
        f"/api/projects/{project['id']}/import", json=[{"body": "a"}, {"body": "b"}]
    )

    body = assert_error_shape(response, 400)
    assert "item 1" in body["detail"]
    assert [problem["location"] for problem in body["errors"]] == ["item 1", "item 2"]
    assert client.get(f"/api/tasks?project={project['id']}").json["total"] == 0


def test_an_empty_import_is_400(client, new_project):
    project = new_project()

    response = client.post(f"/api/projects/{project['id']}/import", json=[])

    body = assert_error_shape(response, 400)
    assert "no tasks" in body["detail"]


def test_a_csv_without_the_configs_column_names_rows(client, new_project):
    project = new_project()
    table = io.StringIO()
    csv.writer(table).writerows([["body", "note"], ["first row", "a"]])

    response = client.post(
        f"/api/projects/{project['id']}/import",
        data={"file": (io.BytesIO(table.getvalue().encode()), "tasks.csv")},
        content_type="multipart/form-data",
    )

    body = assert_error_shape(response, 400)
    [problem] = body["errors"]
    assert "line 2" in problem["location"]
    assert "'text'" in problem["message"]


@pytest.mark.parametrize(
    "config",
    [
        '<View><Text name="text" value="$text"/>'
        '<Text name="text" value="$other"/></View>',
        '<View><Text name="text" value="text"/></View>',
    ],
    ids=["duplicate-name", "value-without-dollar"],
)
def test_a_config_error_carries_line_and_column(client, config):
    response = client.post("/api/projects/", json={"label_config": config})

    body = assert_error_shape(response, 400)
    issue = next(item for item in body["issues"] if item["severity"] == "error")
    assert issue["line"] == 1
    assert issue["column"] > 1
