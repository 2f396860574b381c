"""Saved views (tabs): their payload and the checks on what they hold."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from labelcore.datamanager.filters import (
    QueryInvalid,
    compile_filters,
    compile_ordering,
)
from labelcore.datamanager.query import parse_selection, query_context
from labelcore.models import DataManagerView, db, isoformat

DEFAULT_TITLE = "Default"


def check_view_data(project, data: Any) -> dict[str, Any]:
    """``data`` with its filters and ordering compiled once, so that a view
    that could not run is refused when saved rather than when opened."""
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise QueryInvalid("data", f"data must be a JSON object, got {data!r}.")
    context = query_context(project)
    compile_filters(data.get("filters"), context)
    compile_ordering(data.get("ordering"), context)
    data = dict(data)
    data.setdefault("title", DEFAULT_TITLE)
    if not isinstance(data["title"], str) or len(data["title"]) > 200:
        raise QueryInvalid(
            "data.title", "data.title must be a string of ≤ 200 characters."
        )
    return data


def check_selected_items(raw: Any) -> dict[str, Any] | None:
    if raw is None:
        return None
    parse_selection(raw)
    return raw


def next_order(project_id: int) -> int:
    highest = db.session.execute(
        sa.select(sa.func.max(DataManagerView.order)).where(
            DataManagerView.project_id == project_id
        )
    ).scalar()
    return 0 if highest is None else highest + 1


def views_of(project_id: int) -> list[DataManagerView]:
    return list(
        db.session.execute(
            sa.select(DataManagerView)
            .where(DataManagerView.project_id == project_id)
            .order_by(DataManagerView.order, DataManagerView.id)
        ).scalars()
    )


def view_payload(view: DataManagerView) -> dict[str, Any]:
    data = view.data or {}
    return {
        "id": view.id,
        "project": view.project_id,
        "user": view.user_id,
        "order": view.order,
        "data": data,
        "filter_group": None,
        "ordering": data.get("ordering"),
        "selected_items": view.selected_items,
        "created_at": isoformat(view.created_at),
        "updated_at": isoformat(view.updated_at),
    }
