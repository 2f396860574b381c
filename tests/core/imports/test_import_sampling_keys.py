"""Imported predictions and annotations set the samplers' stored keys.

The import writes rows in bulk, past the ORM listeners that keep those keys
current, so it refreshes them itself, inline and in a job alike.
"""

import pytest

from labelcore.models import Task, db
from tests.core.imports.test_import_api import TEXT_CONFIG, choice, wait_for_import

pytestmark = pytest.mark.postgres


def predicted(number):
    return {
        "data": {"text": f"t{number}"},
        "predictions": [
            {"result": [choice("Positive")], "score": number / 10, "model_version": "m"}
        ],
    }


def stored_scores(app, project_id):
    with app.app_context():
        return list(
            db.session.execute(
                db.select(Task.prediction_score)
                .where(Task.project_id == project_id)
                .order_by(Task.inner_id)
            ).scalars()
        )


def test_inline_and_job_imports_store_the_prediction_scores(
    make_import_app, client_for
):
    app = make_import_app(sync_import_limit=3)
    client = client_for(app)
    project_id = client.post(
        "/api/projects/", json={"title": "Keys", "label_config": TEXT_CONFIG}
    ).get_json()["id"]

    inline = client.post(f"/api/projects/{project_id}/import", json=[predicted(1)])
    queued = client.post(
        f"/api/projects/{project_id}/import",
        json=[predicted(n) for n in range(2, 8)] + [{"text": "bare"}],
    )

    assert inline.status_code == 201, inline.get_json()
    assert queued.status_code == 202, queued.get_json()
    wait_for_import(client, project_id, queued.get_json()["import"])
    scores = stored_scores(app, project_id)
    assert scores[:-1] == pytest.approx([n / 10 for n in range(1, 8)])
    assert scores[-1] is None


def scored(value, score, **extra):
    return {**choice(value), "score": score, **extra}


KEYED_TASKS = [
    # Two predictions: the later one is the task's chosen prediction.
    {
        "data": {"text": "two predictions"},
        "predictions": [
            {"result": [choice("Negative")], "score": 0.2, "model_version": "old"},
            {"result": [scored("Positive", 0.7)], "score": 0.7, "model_version": "m"},
        ],
    },
    # Class scores beside the choice, and annotations that disagree.
    {
        "data": {"text": "disputed"},
        "annotations": [
            {"result": [choice("Positive")]},
            {"result": [choice("Negative")]},
            {"result": [], "was_cancelled": True},
        ],
        "predictions": [
            {
                "result": [
                    scored("Positive", 0.6, scores={"Positive": 0.6, "Negative": 0.4})
                ],
                "score": 0.6,
            }
        ],
    },
    {"data": {"text": "annotated"}, "annotations": [{"result": [choice("Positive")]}]},
    {"data": {"text": "unscored"}, "predictions": [{"result": [choice("Negative")]}]},
    {"text": "bare"},
]


@pytest.mark.parametrize("limit", [100, 2], ids=["inline", "job"])
def test_imported_keys_are_what_a_refresh_computes(make_import_app, client_for, limit):
    from labelcore.models import Project
    from labelcore.sampling import refresh_keys

    app = make_import_app(sync_import_limit=limit)
    client = client_for(app)
    project_id = client.post(
        "/api/projects/", json={"title": "Keys", "label_config": TEXT_CONFIG}
    ).get_json()["id"]

    response = client.post(f"/api/projects/{project_id}/import", json=KEYED_TASKS)
    if response.status_code == 202:
        wait_for_import(client, project_id, response.get_json()["import"])
    else:
        assert response.status_code == 201, response.get_json()

    with app.app_context():
        rows = db.session.execute(
            db.select(
                Task.id,
                Task.prediction_score,
                Task.prediction_margin,
                Task.prediction_entropy,
                Task.disagreement,
            )
            .where(Task.project_id == project_id)
            .order_by(Task.inner_id)
        ).all()
        project = db.session.get(Project, project_id)
        parsed = app.extensions["labelcore"].compiler.compile(project.label_config)
        rewritten = refresh_keys(
            project, [row.id for row in rows], parsed_config=parsed
        )
    assert rewritten == 0
    first, disputed, annotated, unscored, bare = rows
    assert first.prediction_score == pytest.approx(0.7)
    assert disputed.prediction_margin == pytest.approx(0.2)
    assert disputed.disagreement > 0
    assert annotated.disagreement is None
    assert unscored.prediction_score is None
    assert bare[1:] == (None, None, None, None)
