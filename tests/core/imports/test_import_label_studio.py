"""``labelcore import-label-studio --url`` against a stand-in Label Studio.

The stand-in (``label_studio_stand_in``) answers with Label Studio's shapes
on 127.0.0.1. The command runs as a user would start it (click's runner,
settings from the environment); the result is then read from the same
database.
"""

import orjson
import pytest
from click.testing import CliRunner

from labelcore.migrate_from_label_studio import import_label_studio
from labelcore.models import Annotation, Prediction, Project, Task, User, db
from tests.core.imports.label_studio_stand_in import (
    LEGACY_TOKEN,
    PERSONAL_TOKEN,
    LabelStudioState,
    serve,
)
from tests.support.credentials import ADMIN_EMAIL, ADMIN_TOKEN

pytestmark = pytest.mark.postgres

IMAGE_CONFIG = """<View>
  <Image name="image" value="$image"/>
  <Choices name="animal" toName="image">
    <Choice value="Cat"/><Choice value="Dog"/>
  </Choices>
</View>"""
TEXT_CONFIG = """<View>
  <Text name="text" value="$text"/>
  <Choices name="mood" toName="text">
    <Choice value="Good"/><Choice value="Bad"/>
  </Choices>
</View>"""
BROKEN_CONFIG = '<View><Text name="text" value="$text"/><Bogus name="b"/></View>'
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x01" * 32


def choice(control, target, value):
    return [
        {
            "id": "r1",
            "from_name": control,
            "to_name": target,
            "type": "choices",
            "value": {"choices": [value]},
        }
    ]


def annotation(number, user, result, **fields):
    return {
        "id": number,
        "completed_by": user,
        "result": result,
        "was_cancelled": False,
        "ground_truth": False,
        "created_at": "2024-04-02T10:00:00.000000Z",
        "updated_at": "2024-04-02T10:00:05.000000Z",
        "lead_time": 2.5,
        "result_count": 0,
        "task": 0,
        "project": 7,
        "prediction": {},
        "parent_prediction": None,
        "parent_annotation": None,
        "last_action": None,
        "updated_by": user,
        **fields,
    }


def project(number, title, config, **settings):
    """A project as Label Studio's /api/projects/<id>/ gives it."""
    return {
        "id": number,
        "title": title,
        "description": "",
        "label_config": config,
        "expert_instruction": "",
        "show_instruction": False,
        "show_skip_button": True,
        "enable_empty_annotation": True,
        "show_annotation_history": False,
        "organization": 1,
        "color": "#FFFFFF",
        "maximum_annotations": 1,
        "is_published": False,
        "model_version": "",
        "is_draft": False,
        "created_by": {"id": 12, "email": ADMIN_EMAIL},
        "created_at": "2024-04-01T09:00:00.000000Z",
        "min_annotations_to_start_training": 0,
        "start_training_on_annotation_update": False,
        "show_collab_predictions": True,
        "num_tasks_with_annotations": 1,
        "task_number": 2,
        "sampling": "Sequential sampling",
        "show_ground_truth_first": False,
        "show_overlap_first": False,
        "overlap_cohort_percentage": 100,
        "task_data_login": None,
        "task_data_password": None,
        "control_weights": {},
        "parsed_label_config": {},
        "evaluate_predictions_automatically": False,
        "config_has_control_tags": True,
        "skip_queue": "REQUEUE_FOR_OTHERS",
        "reveal_preannotations_interactively": False,
        "pinned_at": None,
        **settings,
    }


def label_studio_state() -> LabelStudioState:
    """Three projects over two pages: an image project with uploads and
    settings, a text project pointing at a file Label Studio lost, and one
    whose config LabelCore refuses."""
    state = LabelStudioState()
    state.users = [
        {"id": 11, "email": "Ann@Example.org", "first_name": "Ann", "last_name": "A"},
        {"id": 12, "email": ADMIN_EMAIL, "first_name": "Admin", "last_name": ""},
        {"id": 13, "email": "cy@example.org", "first_name": "Cy", "last_name": ""},
    ]
    state.projects = {
        7: project(
            7,
            "Pets",
            IMAGE_CONFIG,
            description="cats and dogs",
            expert_instruction="<p>Be kind</p>",
            show_instruction=True,
            show_skip_button=False,
            maximum_annotations=2,
            overlap_cohort_percentage=50,
            sampling="Uniform sampling",
            skip_queue="REQUEUE_FOR_ME",
            model_version="m1",
            show_annotation_history=True,
        ),
        8: project(8, "Reviews", TEXT_CONFIG, skip_queue="IGNORE_SKIPPED"),
        9: project(9, "Broken", BROKEN_CONFIG),
    }
    state.tasks = {
        7: [
            {
                "id": 501,
                "data": {
                    "image": "/data/upload/7/abcd1234-cat.png",
                    "caption": "a cat",
                },
                "meta": {},
                "annotations": [
                    annotation(9001, 11, choice("animal", "image", "Cat")),
                    annotation(
                        9002, 12, choice("animal", "image", "Dog"), ground_truth=True
                    ),
                ],
                "predictions": [
                    {
                        "id": 3,
                        "result": choice("animal", "image", "Cat"),
                        "score": 0.8,
                        "model_version": "m1",
                        "created_at": "2024-04-01T09:30:00.000000Z",
                    }
                ],
            },
            {
                "id": 502,
                "data": {
                    "image": "/data/upload/7/ef567890-my%20dog%20%C3%A9t%C3%A9.jpg",
                    "caption": "a dog",
                },
                "meta": {},
                "annotations": [
                    annotation(9003, 11, [], was_cancelled=True),
                ],
                "predictions": [],
            },
            {
                "id": 503,
                "data": {"image": "https://example.org/bird.jpg", "caption": "a bird"},
                "meta": {"source": "web"},
                "annotations": [],
                "predictions": [],
            },
        ],
        8: [
            {
                "id": 601,
                "data": {
                    "text": "Lovely",
                    "attachment": "/data/upload/8/deadbeef-gone.pdf",
                },
                "meta": {},
                "annotations": [annotation(9101, 13, choice("mood", "text", "Good"))],
                "predictions": [],
            }
        ],
    }
    state.media = {
        "7/abcd1234-cat.png": PNG,
        "7/ef567890-my dog été.jpg": JPEG,
    }
    return state


def run_command(environment, url, *arguments):
    environment["LABELCORE_OUTBOUND_ALLOW"] = url.removeprefix("http://")
    return CliRunner().invoke(
        import_label_studio, ["--url", url, *arguments], env=environment
    )


def test_every_project_comes_over_with_settings_users_and_media(
    environment, make_import_app
):
    state = label_studio_state()
    with serve(state) as url:
        outcome = run_command(environment, url, "--token", LEGACY_TOKEN)

    # The broken project is refused, the others come over whole: status 1.
    assert outcome.exit_code == 1, outcome.output
    assert outcome.exception is None or isinstance(outcome.exception, SystemExit)
    summary = outcome.stdout
    assert "projects:    2 imported, 1 refused" in summary
    assert "tasks:       4 imported, 0 refused" in summary
    assert "annotations: 4" in summary and "predictions: 1" in summary
    assert "users:       1 matched, 2 created, 0 placeholders" in summary
    assert "media files: 2 copied, 1 not found" in summary
    assert "Label Studio project 9 'Broken': label_config:" in summary
    assert "Bogus" in summary
    assert "/data/upload/8/deadbeef-gone.pdf (task 601)" in summary
    assert "Importing 'Pets'" in outcome.stderr

    # Both pages of projects were read, each export as a snapshot asked for
    # in full, and each snapshot removed again.
    paths = [path for _, path, _ in state.requests]
    assert paths.count("/api/projects/") == 2
    assert "/api/projects/9/exports/" not in paths
    assert all(snapshot["deleted"] for snapshot in state.snapshots.values())

    app = make_import_app()
    with app.app_context():
        projects = {p.title: p for p in db.session.scalars(db.select(Project))}
        assert set(projects) == {"Pets", "Reviews"}
        pets = projects["Pets"]
        assert pets.description == "cats and dogs"
        assert pets.expert_instruction == "<p>Be kind</p>"
        assert pets.show_instruction is True
        assert pets.show_skip_button is False
        assert pets.maximum_annotations == 2
        assert pets.sampler == "random"
        assert pets.model_version == "m1"
        assert pets.settings["skip_queue"] == "REQUEUE_FOR_ME"
        assert pets.settings["overlap_cohort_percentage"] == 50
        kept = pets.settings["label_studio"]
        assert kept["id"] == 7 and kept["show_annotation_history"] is True
        assert projects["Reviews"].settings["skip_queue"] == "IGNORE_SKIPPED"
        assert projects["Reviews"].sampler == "sequential"

        tasks = db.session.scalars(
            db.select(Task).where(Task.project_id == pets.id).order_by(Task.id)
        ).all()
        assert [task.data["caption"] for task in tasks] == ["a cat", "a dog", "a bird"]
        assert tasks[2].meta == {"source": "web"}
        assert tasks[0].data["image"] == f"/data/upload/{pets.id}/abcd1234-cat.png"
        assert (
            tasks[1].data["image"] == f"/data/upload/{pets.id}/ef567890-my_dog_ete.jpg"
        )
        assert tasks[2].data["image"] == "https://example.org/bird.jpg"
        folder = app.extensions["labelcore"].settings.data_path / "upload"
        assert (folder / str(pets.id) / "abcd1234-cat.png").read_bytes() == PNG
        assert (folder / str(pets.id) / "ef567890-my_dog_ete.jpg").read_bytes() == JPEG
        reviews_task = db.session.execute(
            db.select(Task).where(Task.project_id == projects["Reviews"].id)
        ).scalar_one()
        assert (
            reviews_task.data["attachment"] == f"{url}/data/upload/8/deadbeef-gone.pdf"
        )

        by = {}
        for row in db.session.scalars(db.select(Annotation).order_by(Annotation.id)):
            by.setdefault(db.session.get(User, row.completed_by_id).email, []).append(
                row
            )
        assert set(by) == {"ann@example.org", ADMIN_EMAIL, "cy@example.org"}
        cat, skipped = by["ann@example.org"]
        assert cat.result == choice("animal", "image", "Cat")
        assert (cat.import_id, cat.lead_time) == (9001, 2.5)
        assert skipped.was_cancelled is True and skipped.task_id == tasks[1].id
        assert by[ADMIN_EMAIL][0].ground_truth is True
        ann = db.session.execute(
            db.select(User).where(User.email == "ann@example.org")
        ).scalar_one()
        assert (ann.first_name, ann.last_name) == ("Ann", "A")
        prediction = db.session.execute(db.select(Prediction)).scalar_one()
        assert (prediction.score, prediction.model_version) == (0.8, "m1")
        assert prediction.result == choice("animal", "image", "Cat")
        assert tasks[0].total_annotations == 2 and tasks[0].is_labeled

        client = app.test_client()
        client.environ_base["HTTP_AUTHORIZATION"] = f"Token {ADMIN_TOKEN}"
        served = client.get(tasks[1].data["image"])
        assert served.status_code == 200 and served.data == JPEG


def test_a_project_that_fails_halfway_leaves_nothing_behind(
    environment, make_import_app, data_dir
):
    state = label_studio_state()
    state.forbidden_media = frozenset({7})
    with serve(state) as url:
        outcome = run_command(environment, url, "--token", LEGACY_TOKEN)

    # Its annotators were made and its first file asked for when Label
    # Studio refused: the project, the users and the files are taken back.
    assert outcome.exit_code == 1
    assert "refused the token (403 on /data/upload/7/" in outcome.stderr
    app = make_import_app()
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Project.id))) == 0
        emails = db.session.scalars(db.select(User.email)).all()
        assert emails == [ADMIN_EMAIL]
    uploads = data_dir / "upload"
    assert not uploads.exists() or not any(uploads.iterdir())
    assert not list((data_dir / "imports").iterdir())


def test_a_personal_access_token_is_traded_for_access_tokens(
    environment, make_import_app
):
    state = label_studio_state()
    state.access_uses = 3  # an access token runs out, as Label Studio's do
    with serve(state) as url:
        outcome = run_command(
            environment, url, "--token", PERSONAL_TOKEN, "--project", "7"
        )

    assert outcome.exit_code == 0, outcome.output
    assert state.refreshes >= 2
    schemes = {
        scheme for _, path, scheme in state.requests if path.startswith("/api/p")
    }
    assert schemes == {"Bearer"}
    app = make_import_app()
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Task.id))) == 3


def test_a_wrong_token_is_refused_in_one_sentence(environment, make_import_app):
    state = label_studio_state()
    with serve(state) as url:
        outcome = run_command(environment, url, "--token", "wrong-token")

    assert outcome.exit_code == 1
    message = outcome.stderr.strip()
    assert message.startswith("Error: Label Studio at ")
    assert f"{url}/ refused the token (401 on /api/projects/)" in message
    assert "check that --token is the legacy token" in message
    assert message.count(". ") == 0 and "\n" not in message
    app = make_import_app()
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Project.id))) == 0


def test_a_wrong_personal_access_token_names_the_refresh(environment):
    state = label_studio_state()
    wrong = PERSONAL_TOKEN[:-4] + "AAAA"
    with serve(state) as url:
        outcome = run_command(environment, url, "--token", wrong)

    assert outcome.exit_code == 1
    assert f"Label Studio at {url}/ refused the personal access token" in outcome.stderr
    assert "(401 on /api/token/refresh)" in outcome.stderr


def test_a_private_label_studio_needs_the_allow_list(environment):
    state = label_studio_state()
    with serve(state) as url:
        outcome = CliRunner().invoke(
            import_label_studio,
            ["--url", url, "--token", LEGACY_TOKEN],
            env=environment,
        )

    assert outcome.exit_code == 1
    assert "LABELCORE_OUTBOUND_ALLOW" in outcome.output
    assert state.requests == []


def test_a_label_studio_without_snapshots_is_read_through_its_export(
    environment, make_import_app
):
    """Before 1.4 Label Studio had no snapshots; its /export gave annotators
    and predictions in full. Today's /export gives both as ids: the
    annotators then come from /api/users/, the predictions are reported."""
    state = label_studio_state()
    state.has_snapshots = False
    with serve(state) as url:
        outcome = run_command(
            environment, url, "--token", LEGACY_TOKEN, "--project", "7"
        )

    assert outcome.exit_code == 0, outcome.output
    assert "the export gave 1 predictions as bare ids" in outcome.stdout
    assert ("GET", "/api/users/", "Token") in state.requests
    app = make_import_app()
    with app.app_context():
        emails = {
            db.session.get(User, row.completed_by_id).email
            for row in db.session.scalars(db.select(Annotation))
        }
        assert emails == {"ann@example.org", ADMIN_EMAIL}
        assert db.session.scalar(db.select(db.func.count(Prediction.id))) == 0


def test_an_export_snapshot_asks_for_everything_in_full(environment):
    state = label_studio_state()
    with serve(state) as url:
        run_command(environment, url, "--token", LEGACY_TOKEN, "--project", "8")

    (snapshot,) = state.snapshots.values()
    options = snapshot["options"]
    assert options["annotation_filter_options"] == {
        "usual": True,
        "ground_truth": True,
        "skipped": True,
    }
    serialization = options["serialization_options"]
    assert serialization["annotations__completed_by"] == {"only_id": False}
    assert serialization["predictions"] == {"only_id": False}
    assert orjson.dumps(options)
