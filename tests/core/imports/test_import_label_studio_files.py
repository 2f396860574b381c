"""``labelcore import-label-studio EXPORT_FILE``: a project's export file.

Label Studio's JSON export names each annotator by bare user id
(``"completed_by": 11``); older versions and full snapshots give
``{"id", "email", ...}``, and an annotation whose user was deleted has
none. These tests import such files as a user would and read the result
from the same database.
"""

import orjson
import pytest
from click.testing import CliRunner

from labelcore.migrate_from_label_studio import import_label_studio
from labelcore.models import Annotation, Project, Task, User, db
from tests.support.credentials import ADMIN_EMAIL

pytestmark = pytest.mark.postgres

CONFIG = """<View>
  <Image name="image" value="$image"/>
  <Choices name="animal" toName="image">
    <Choice value="Cat"/><Choice value="Dog"/>
  </Choices>
</View>"""
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


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


def task(number, *annotations, image=None, predictions=()):
    return {
        "id": number,
        "data": {"image": image or f"https://example.org/{number}.jpg"},
        "annotations": list(annotations),
        "predictions": list(predictions),
    }


def by(user, value="Cat", **fields):
    record = {"result": choice(value), **fields}
    if user is not ...:
        record["completed_by"] = user
    return record


EXPORT = [
    task(501, by(11), by(12, "Dog")),
    task(502, by(11, "Dog"), by(14)),
    task(503, by({"id": 15, "email": "Bo@Example.org", "first_name": "Bo"})),
    task(504, by(...), by(None, "Dog")),
]
"""Annotators by id (11, 12, 14), by object (15) and by nobody (504)."""

USERS = [
    {"id": 11, "email": "ann@example.org", "first_name": "Ann", "last_name": "A"},
    {"id": 12, "email": ADMIN_EMAIL, "first_name": "Admin", "last_name": ""},
]


@pytest.fixture
def import_file(tmp_path, environment):
    """``import_file(export, *options, config=CONFIG)``: the command's result."""
    (tmp_path / "config.xml").write_text(CONFIG)

    def invoke(export, *options, config=None):
        path = tmp_path / "export.json"
        path.write_bytes(export if isinstance(export, bytes) else orjson.dumps(export))
        if config is not None:
            (tmp_path / "config.xml").write_text(config)
        arguments = [str(path), "--label-config", str(tmp_path / "config.xml")]
        return CliRunner().invoke(
            import_label_studio, [*arguments, *options], env=environment
        )

    return invoke


def annotators(app) -> dict[int, list[str]]:
    """Each task's (by Label Studio id) annotators' e-mails, in order."""
    with app.app_context():
        rows = db.session.execute(
            db.select(Annotation.import_id, Task.data, User.email)
            .join(Task, Task.id == Annotation.task_id)
            .join(User, User.id == Annotation.completed_by_id)
            .order_by(Annotation.id)
        ).all()
    found: dict[int, list[str]] = {}
    for _, data, email in rows:
        number = int(data["image"].rsplit("/", 1)[1].split(".")[0])
        found.setdefault(number, []).append(email)
    return found


def test_annotators_named_by_id_come_from_the_users_file(
    tmp_path, import_file, make_import_app
):
    (tmp_path / "users.json").write_bytes(orjson.dumps(USERS))

    outcome = import_file(EXPORT, "--users-file", str(tmp_path / "users.json"))

    assert outcome.exit_code == 0, outcome.output
    assert annotators(make_import_app()) == {
        501: ["ann@example.org", ADMIN_EMAIL],
        502: ["ann@example.org", "label-studio-user-14@label-studio.invalid"],
        503: ["bo@example.org"],
        504: [
            "label-studio-unknown-user@label-studio.invalid",
            "label-studio-unknown-user@label-studio.invalid",
        ],
    }
    assert "users:       1 matched, 2 created, 2 placeholders" in outcome.stdout
    assert (
        "label-studio-user-14@label-studio.invalid  (Label Studio user 14)"
        in outcome.stdout
    )
    app = make_import_app()
    with app.app_context():
        ann = db.session.execute(
            db.select(User).where(User.email == "ann@example.org")
        ).scalar_one()
        assert (ann.first_name, ann.last_name) == ("Ann", "A")
        assert ann.password_hash == ""


def test_without_a_users_file_each_label_studio_user_gets_a_placeholder(
    import_file, make_import_app
):
    first = import_file(EXPORT)
    again = import_file(EXPORT)

    assert first.exit_code == 0, first.output
    assert again.exit_code == 0, again.output
    app = make_import_app()
    found = annotators(app)
    assert (
        found[501]
        == [
            "label-studio-user-11@label-studio.invalid",
            "label-studio-user-12@label-studio.invalid",
        ]
        * 2
    )
    assert found[503] == ["bo@example.org"] * 2
    assert "users:       0 matched, 1 created, 4 placeholders" in first.stdout
    assert "users:       1 matched, 0 created, 4 placeholders" in again.stdout
    assert "never receive mail" in first.stdout
    with app.app_context():
        placeholders = db.session.scalars(
            db.select(User.email).where(User.email.like("%@label-studio.invalid"))
        ).all()
        assert len(placeholders) == 4  # found again, not made twice
        user = db.session.execute(
            db.select(User).where(User.email.like("label-studio-user-11@%"))
        ).scalar_one()
        assert (user.first_name, user.last_name) == ("Label Studio", "user 11")


def test_a_truncated_export_leaves_nothing_behind(
    import_file, make_import_app, data_dir
):
    whole = orjson.dumps(EXPORT)
    outcome = import_file(whole[: whole.index(b'{"id":503') + 20])

    assert outcome.exit_code == 1
    message = outcome.stderr
    assert message.startswith(
        "Error: Project 'export' from 'export.json' was not imported, and nothing "
        "was written. export: The export file 'export.json' cannot be read after "
        "item 2 (parse error: premature EOF)."
    )
    assert "must be a complete JSON array of tasks" in message
    app = make_import_app()
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Project.id))) == 0
        assert db.session.scalar(db.select(db.func.count(User.id))) == 1
    assert not list((data_dir / "imports").glob("*"))
    assert not (data_dir / "upload").exists() or not any(
        (data_dir / "upload").iterdir()
    )


def test_a_config_labelcore_refuses_is_named_and_nothing_is_written(
    import_file, make_import_app
):
    outcome = import_file(
        EXPORT, config='<View><Image name="i" value="$image"/><Bogus/></View>'
    )

    assert outcome.exit_code == 1
    assert outcome.stderr.startswith(
        "Error: Project 'export' from 'export.json' was not imported, and nothing "
        "was written. label_config: The label config is invalid: line 1, column "
    )
    assert "no installed plugin provides the tag 'Bogus'" in outcome.stderr
    app = make_import_app()
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Project.id))) == 0
        assert db.session.scalar(db.select(db.func.count(User.id))) == 1


def test_refused_tasks_are_listed_with_their_reason(import_file, make_import_app):
    export = [
        task(501, by(11)),
        task(502, by(11, "Horse")),
        task(503, by("ann")),
        "not a task",
        task(505, by(11, "Dog")),
    ]

    outcome = import_file(export)

    assert outcome.exit_code == 1, outcome.output
    summary = outcome.stdout
    assert "tasks:       2 imported, 3 refused" in summary
    assert "task 502 (item 2 of the export): annotations[0]:" in summary
    assert "'Horse'" in summary
    assert (
        "task 503 (item 3 of the export): annotations[0].completed_by: must be a "
        "Label Studio user id, an object with the user's 'email' or 'id', or "
        "absent; got 'ann'." in summary
    )
    assert "item 4 of the export: task: must be a JSON object" in summary
    app = make_import_app()
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Task.id))) == 2


def test_media_come_from_the_media_folder_and_never_from_outside_it(
    tmp_path, import_file, make_import_app
):
    media = tmp_path / "media" / "upload" / "7"
    media.mkdir(parents=True)
    (media / "abcd1234-cat.png").write_bytes(PNG)
    (tmp_path / "secret.png").write_bytes(b"secret")
    export = [
        task(501, by(11), image="/data/upload/7/abcd1234-cat.png"),
        task(502, image="/data/upload/7/..%2F..%2F..%2Fsecret.png"),
        task(503, image="/data/upload/7/missing.png"),
    ]

    outcome = import_file(export, "--media", str(tmp_path / "media"))

    assert outcome.exit_code == 0, outcome.output
    assert "media files: 1 copied, 2 not found" in outcome.stdout
    app = make_import_app()
    with app.app_context():
        project_id = db.session.scalar(db.select(Project.id))
        images = db.session.scalars(db.select(Task.data).order_by(Task.id)).all()
    assert images[0]["image"] == f"/data/upload/{project_id}/abcd1234-cat.png"
    assert images[1]["image"] == "/data/upload/7/..%2F..%2F..%2Fsecret.png"
    folder = app.extensions["labelcore"].settings.data_path / "upload" / str(project_id)
    assert sorted(path.name for path in folder.iterdir()) == ["abcd1234-cat.png"]


def test_a_users_file_that_is_not_a_users_list_is_named(tmp_path, import_file):
    (tmp_path / "users.json").write_bytes(orjson.dumps([{"id": 11, "email": 5}]))

    outcome = import_file(EXPORT, "--users-file", str(tmp_path / "users.json"))

    assert outcome.exit_code == 1
    assert "entry 0 (user 11): 'email' must be an e-mail address, got 5." in (
        outcome.stderr
    )
