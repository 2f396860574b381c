"""``POST /api/users/<id>/merge``: for the administrators of the users'
organization, answering what ``labelcore user merge`` prints."""

from __future__ import annotations

import pytest

from labelcore.accounts import add_member, organization_named
from labelcore.models import Annotation, User, db
from tests.core.merging.conftest import ANN, PLACEHOLDER, choice
from tests.core.permissions.people import person

pytestmark = pytest.mark.postgres


def _merge(client, source_id: int, **body):
    return client.post(f"/api/users/{source_id}/merge", json=body)


def _exists(app, user_id: int) -> bool:
    with app.app_context():
        return db.session.get(User, user_id) is not None


def test_an_administrator_merges_the_placeholder_into_its_owner(imported):
    app, source, target = imported.app, imported.placeholder_id, imported.ann_id
    administrator = person(app, "administrator")

    dry = _merge(administrator, source, into=target, dry_run=True)
    assert dry.status_code == 200, dry.json
    assert _exists(app, source)
    merged = _merge(administrator, source, into=target)

    assert merged.status_code == 200, merged.json
    assert merged.json == {**dry.json, "dry_run": False}
    assert merged.json["source"] == {"id": source, "email": PLACEHOLDER}
    assert merged.json["target"] == {"id": target, "email": ANN}
    assert merged.json["moved"]["annotation.completed_by_id"] == 2
    assert merged.json["deleted"]["api_token.user_id"] == 2
    assert merged.json["shared_tasks"] == {"count": 0, "ids": []}
    assert not _exists(app, source)
    with app.app_context():
        authors = db.session.execute(
            db.select(Annotation.completed_by_id).distinct()
        ).scalars()
        assert source not in set(authors)
    organization = imported.admin.get("/api/current-user").json["active_organization"]
    log = imported.admin.get(f"/api/organizations/{organization}/audit-log").json
    assert log[0]["action"] == "user.merged"


def test_tasks_both_annotated_answer_409_with_their_ids(imported):
    task_id = imported.task_ids[602]
    answer = imported.ann.post(
        f"/api/tasks/{task_id}/annotations", json={"result": choice("Cat")}
    )
    assert answer.status_code == 201, answer.json

    refused = _merge(imported.admin, imported.placeholder_id, into=imported.ann_id)
    kept = _merge(
        imported.admin, imported.placeholder_id, into=imported.ann_id, keep_both=True
    )

    assert refused.status_code == 409
    assert refused.json["code"] == "annotations_overlap"
    assert refused.json["task_ids"] == [task_id]
    assert refused.json["task_count"] == 1
    assert kept.status_code == 200, kept.json
    assert kept.json["shared_tasks"] == {"count": 1, "ids": [task_id]}


def test_only_administrators_of_every_organization_of_the_source_may_merge(
    imported,
):
    app, source, target = imported.app, imported.placeholder_id, imported.ann_id
    manager = person(app, "manager")
    stranger = person(app, "owner", organization="Elsewhere")
    outsider = person(app, "annotator", organization="Elsewhere")

    assert _merge(app.test_client(), source, into=target).status_code == 401
    forbidden = _merge(manager, source, into=target)
    assert forbidden.status_code == 403
    assert forbidden.json["code"] == "permission_denied"
    # Another organization's users are not there for its owner.
    assert _merge(stranger, source, into=target).status_code == 404
    assert _merge(imported.admin, source, into=outsider.user_id).status_code == 404
    assert _merge(imported.admin, 987654, into=target).status_code == 404

    # A member of another organization too: its administrators decide.
    administrator = person(app, "administrator")
    with app.app_context():
        elsewhere = organization_named("Elsewhere")
        add_member(db.session.get(User, source), elsewhere, "annotator")
        db.session.commit()
    elsewhere = _merge(administrator, source, into=target)
    assert elsewhere.status_code == 403
    assert "organization" in elsewhere.json["detail"]
    assert "'Elsewhere'" in elsewhere.json["detail"]
    assert _exists(app, source)


def test_bad_bodies_name_the_field(imported):
    admin, source = imported.admin, imported.placeholder_id

    missing = _merge(admin, source)
    same = _merge(admin, source, into=source)
    flag = _merge(admin, source, into=imported.ann_id, dry_run="yes")
    into_placeholder = _merge(admin, imported.ann_id, into=source)

    assert missing.status_code == 400
    assert missing.json["validation_errors"]["into"] == [
        "must be the id of the target user, got None."
    ]
    assert same.status_code == 400 and same.json["code"] == "same_user"
    assert flag.status_code == 400
    assert "dry_run" in flag.json["validation_errors"]
    assert into_placeholder.status_code == 400
    assert into_placeholder.json["code"] == "placeholder_target"
    assert _exists(imported.app, source)
