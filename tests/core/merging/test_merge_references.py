"""Every column that points at a user moves: a plugin's models, and a table
the database has that no loaded model describes."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from labelcore.accounts import create_user
from labelcore.accounts_merge import MergeRefused, merge_users
from labelcore.models import User, db

pytestmark = pytest.mark.postgres


def _make_side_notes() -> None:
    """A table of an uninstalled plugin: its rows would go with a deleted user."""
    identity = (
        "SERIAL PRIMARY KEY"
        if db.engine.dialect.name == "postgresql"
        else "INTEGER PRIMARY KEY"
    )
    db.session.execute(
        sa.text(
            f"CREATE TABLE side_note (id {identity}, author_id INTEGER "
            f'REFERENCES "user"(id) ON DELETE CASCADE, topic TEXT, '
            f"UNIQUE (author_id, topic))"
        )
    )


def _note(author_id: int, topic: str) -> None:
    db.session.execute(
        sa.text("INSERT INTO side_note (author_id, topic) VALUES (:author, :topic)"),
        {"author": author_id, "topic": topic},
    )


def _notes() -> list[tuple]:
    rows = db.session.execute(
        sa.text("SELECT author_id, topic FROM side_note ORDER BY topic")
    )
    return [tuple(row) for row in rows]


def test_plugin_rows_and_unknown_tables_move_to_the_target(make_app):
    from labelcore_webhooks.models import Webhook

    app = make_app()
    with app.app_context():
        source, _ = create_user("source@example.org")
        target, _ = create_user("target@example.org")
        hook = Webhook(
            organization_id=source.active_organization_id,
            url="https://example.org/hook",
            created_by_id=source.id,
        )
        db.session.add(hook)
        _make_side_notes()
        _note(source.id, "cats")
        db.session.commit()
        hook_id, target_id = hook.id, target.id

        summary = merge_users(source, target)

        assert summary.moved["webhook.created_by_id"] == 1
        assert summary.moved["side_note.author_id"] == 1
        assert db.session.get(Webhook, hook_id).created_by_id == target_id
        assert _notes() == [(target_id, "cats")]


def test_rows_a_table_keeps_unique_refuse_the_merge(make_app):
    app = make_app()
    with app.app_context():
        source, _ = create_user("source@example.org")
        target, _ = create_user("target@example.org")
        _make_side_notes()
        _note(source.id, "cats")
        _note(source.id, "dogs")
        _note(target.id, "dogs")
        db.session.commit()
        source_id = source.id

        with pytest.raises(MergeRefused) as refused:
            merge_users(source, target)

        assert refused.value.code == "rows_collide"
        assert str(refused.value).startswith(
            "The table 'side_note' keeps (author_id, topic) unique, and 1 of its "
            "rows for 'source@example.org' have the same topic as a row for "
            "'target@example.org'"
        )
        assert db.session.get(User, source_id) is not None
        assert len(_notes()) == 3
