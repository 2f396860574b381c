"""A data-manager view (a tab) as the task filter of a snapshot."""

from __future__ import annotations

from typing import Any

from labelcore.exports.filters import ExportOptionError


def view_condition(project, view_id: Any) -> Any:
    """The SQL condition of view ``view_id``'s filters on ``project``'s tasks
    (None when the view filters nothing)."""
    from labelcore.datamanager.filters import QueryInvalid, compile_filters
    from labelcore.datamanager.query import query_context
    from labelcore.models import DataManagerView, db

    if isinstance(view_id, bool) or not isinstance(view_id, int):
        raise ExportOptionError(
            "task_filter_options.view",
            f"must be the id of a data-manager view (a whole number), got {view_id!r}.",
        )
    view = db.session.get(DataManagerView, view_id)
    if view is None or view.project_id != project.id:
        raise ExportOptionError(
            "task_filter_options.view",
            f"project {project.id} has no data-manager view {view_id}; list its "
            f"views with GET /api/dm/views/?project={project.id}.",
        )
    try:
        return compile_filters((view.data or {}).get("filters"), query_context(project))
    except QueryInvalid as error:
        raise ExportOptionError(
            "task_filter_options.view",
            f"the filters of view {view_id} cannot be applied: {error}",
        ) from None
