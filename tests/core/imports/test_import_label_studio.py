"""``labelcore import-label-studio`` against a stand-in Label Studio.

The stand-in answers the few endpoints the command reads, with Label
Studio's shapes, and refuses requests without its token. The command runs
as a user would start it (click's runner, settings from the environment);
the result is then read from the same database.
"""

import threading

import orjson
import pytest
from click.testing import CliRunner
from flask import Flask, abort, jsonify, request
from werkzeug.serving import make_server

from labelcore.migrate_from_label_studio import import_label_studio
from labelcore.models import Annotation, Prediction, Project, Task, User, db
from tests.support.credentials import ADMIN_EMAIL, ADMIN_PASSWORD, ADMIN_TOKEN

CONFIG = """<View>
  <Image name="image" value="$image"/>
  <Choices name="animal" toName="image">
    <Choice value="Cat"/><Choice value="Dog"/>
  </Choices>
</View>"""
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
SOURCE_TOKEN = "label-studio-legacy-token"


def choice(value):
    return [
        {
            "id": "c1",
            "from_name": "animal",
            "to_name": "image",
            "type": "choices",
            "value": {"choices": [value]},
        }
    ]


EXPORT = [
    {
        "id": 501,
        "data": {"image": "/data/upload/7/abcd1234-cat.png", "caption": "a cat"},
        "annotations": [
            {"id": 9001, "completed_by": 11, "result": choice("Cat"), "lead_time": 2.0},
            {"id": 9002, "completed_by": 12, "result": choice("Dog")},
        ],
        "predictions": [
            {"id": 3, "result": choice("Cat"), "score": 0.8, "model_version": "m1"}
        ],
    },
    {"id": 502, "data": {"image": "https://example.org/dog.jpg", "caption": "a dog"}},
]


def stand_in_label_studio() -> Flask:
    app = Flask("label-studio")

    @app.before_request
    def _token():
        if request.headers.get("Authorization") != f"Token {SOURCE_TOKEN}":
            abort(401)

    @app.get("/api/projects/")
    def projects():
        return jsonify({"count": 1, "next": None, "results": [{"id": 7}]})

    @app.get("/api/projects/7/")
    def project():
        return jsonify(
            {
                "id": 7,
                "title": "Pets",
                "description": "cats and dogs",
                "label_config": CONFIG,
                "expert_instruction": "<p>Be kind</p>",
                "show_instruction": True,
                "maximum_annotations": 2,
                "sampling": "Uniform sampling",
                "show_annotation_history": True,
            }
        )

    @app.get("/api/projects/7/export")
    def export():
        assert request.args["download_all_tasks"] == "true"
        return app.response_class(orjson.dumps(EXPORT), mimetype="application/json")

    @app.get("/api/users/")
    def users():
        return jsonify(
            [
                {"id": 11, "email": "Ann@Example.org", "first_name": "Ann"},
                {"id": 12, "email": ADMIN_EMAIL, "first_name": "Admin"},
            ]
        )

    @app.get("/data/upload/7/<name>")
    def media(name):
        return app.response_class(PNG, mimetype="image/png")

    return app


@pytest.fixture
def label_studio():
    server = make_server("127.0.0.1", 0, stand_in_label_studio(), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://localhost:{server.server_port}"
    server.shutdown()


@pytest.fixture
def environment(data_dir, database_url):
    return {
        "LABELCORE_DATA_DIR": str(data_dir),
        "LABELCORE_DATABASE_URL": database_url,
        "LABELCORE_ADMIN_EMAIL": ADMIN_EMAIL,
        "LABELCORE_ADMIN_PASSWORD": ADMIN_PASSWORD,
        "LABELCORE_ADMIN_TOKEN": ADMIN_TOKEN,
        "LABELCORE_SECRET_KEY": "labelcore-test-secret-key",
        "LABELCORE_PLUGINS": "formats,templates,samplers,workflows",
        "LABELCORE_LOG_LEVEL": "WARNING",
    }


def test_projects_come_over_from_a_running_label_studio(
    label_studio, environment, make_app
):
    port = label_studio.rsplit(":", 1)[1]
    environment["LABELCORE_OUTBOUND_ALLOW"] = f"localhost:{port}"

    outcome = CliRunner().invoke(
        import_label_studio,
        ["--url", label_studio, "--token", SOURCE_TOKEN],
        env=environment,
        catch_exceptions=False,
    )

    assert outcome.exit_code == 0, outcome.output
    assert "Project 'Pets'" in outcome.output and "2 tasks" in outcome.output
    assert "created user ann@example.org" in outcome.output
    app = make_app(disable_plugin_autoload=True, plugins=_plugins())
    with app.app_context():
        project = db.session.execute(db.select(Project)).scalar_one()
        assert (project.title, project.description) == ("Pets", "cats and dogs")
        assert project.maximum_annotations == 2
        assert project.show_instruction is True
        assert project.settings["label_studio"]["show_annotation_history"] is True
        tasks = db.session.scalars(db.select(Task).order_by(Task.id)).all()
        assert [task.data["caption"] for task in tasks] == ["a cat", "a dog"]
        copied = tasks[0].data["image"]
        assert copied == f"/data/upload/{project.id}/abcd1234-cat.png"
        folder = app.extensions["labelcore"].settings.data_path / "upload"
        upload = folder / str(project.id) / "abcd1234-cat.png"
        assert upload.read_bytes() == PNG
        assert tasks[1].data["image"] == "https://example.org/dog.jpg"
        annotations = db.session.scalars(db.select(Annotation).order_by(Annotation.id))
        by = {db.session.get(User, a.completed_by_id).email: a for a in annotations}
        assert set(by) == {"ann@example.org", ADMIN_EMAIL}
        assert by["ann@example.org"].result == choice("Cat")
        assert by["ann@example.org"].import_id == 9001
        assert by["ann@example.org"].lead_time == 2.0
        prediction = db.session.execute(db.select(Prediction)).scalar_one()
        assert (prediction.score, prediction.model_version) == (0.8, "m1")
        assert tasks[0].total_annotations == 2 and tasks[0].is_labeled


def test_a_wrong_token_is_refused_with_what_to_do(label_studio, environment):
    port = label_studio.rsplit(":", 1)[1]
    environment["LABELCORE_OUTBOUND_ALLOW"] = f"localhost:{port}"

    outcome = CliRunner().invoke(
        import_label_studio,
        ["--url", label_studio, "--token", "wrong"],
        env=environment,
    )

    assert outcome.exit_code == 1
    assert "answered 401" in outcome.output and "token" in outcome.output


def test_a_private_label_studio_needs_the_allow_list(label_studio, environment):
    outcome = CliRunner().invoke(
        import_label_studio,
        ["--url", label_studio, "--token", SOURCE_TOKEN],
        env=environment,
    )

    assert outcome.exit_code == 1
    assert "LABELCORE_OUTBOUND_ALLOW" in outcome.output


def test_an_export_file_with_its_config_and_media_folder(
    tmp_path, environment, make_app
):
    export = [
        {
            **EXPORT[0],
            "annotations": [
                {
                    "completed_by": {"id": 11, "email": "bo@example.org"},
                    "result": choice("Dog"),
                }
            ],
        }
    ]
    (tmp_path / "export.json").write_bytes(orjson.dumps(export))
    (tmp_path / "config.xml").write_text(CONFIG)
    media = tmp_path / "media" / "upload" / "7"
    media.mkdir(parents=True)
    (media / "abcd1234-cat.png").write_bytes(PNG)

    outcome = CliRunner().invoke(
        import_label_studio,
        [
            str(tmp_path / "export.json"),
            *("--label-config", str(tmp_path / "config.xml")),
            *("--media", str(tmp_path / "media" / "upload")),
            *("--title", "From a file"),
        ],
        env=environment,
        catch_exceptions=False,
    )

    assert outcome.exit_code == 0, outcome.output
    app = make_app(disable_plugin_autoload=True, plugins=_plugins())
    with app.app_context():
        task = db.session.execute(db.select(Task)).scalar_one()
        assert task.data["image"].endswith("/abcd1234-cat.png")
        annotation = db.session.execute(db.select(Annotation)).scalar_one()
        assert (
            db.session.get(User, annotation.completed_by_id).email == "bo@example.org"
        )
        assert (
            db.session.execute(db.select(Project.title)).scalar_one() == "From a file"
        )


def _plugins():
    import labelcore_formats.plugin
    import labelcore_samplers.plugin
    import labelcore_templates.plugin
    import labelcore_workflows.plugin

    return (
        labelcore_templates.plugin,
        labelcore_formats.plugin,
        labelcore_samplers.plugin,
        labelcore_workflows.plugin,
    )
