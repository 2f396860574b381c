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
