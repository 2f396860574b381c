"""The data manager's API under ``/api/dm/``: columns, views, actions, indexes.

Label Studio's paths and shapes, so that its web-UI clients and SDK
scripts work unchanged: ``/api/dm/views/`` (tabs with their filters and
ordering), ``/api/dm/actions?id=...&project=...`` (an action on
``selectedItems``), ``/api/dm/columns/``; and LabelCore's own
``/api/dm/indexes/`` for the data keys a project indexes.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import current_app, jsonify, request
from flask_smorest import Blueprint

from labelcore.api.access import (
    get_project,
    get_project_or_hide,
    int_arg,
    json_body,
    parsed_config,
)
from labelcore.api.errors import ApiError, invalid, not_found
from labelcore.auth import require_user
from labelcore.datamanager import (
    COLUMNS,
    DataManagerQuery,
    QueryInvalid,
    drop_data_index,
    matching_ids,
    merge_actions,
    run_action,
    start_data_index,
)
from labelcore.datamanager.actions import action_payload
from labelcore.datamanager.building import building_payload, pending_builds
from labelcore.datamanager.data_columns import data_key_types
from labelcore.datamanager.data_keys import DataKeyInvalid
from labelcore.datamanager.indexes import data_indexes, index_payload
from labelcore.datamanager.views import (
    check_selected_items,
    check_view_data,
    next_order,
    view_payload,
    views_of,
)
from labelcore.jobs import job_payload
from labelcore.models import DataManagerView, TaskDataIndex, db, utcnow
from labelcore.plugins import PluginError

blp = Blueprint(
    "data_manager",
    __name__,
    url_prefix="/api/dm",
    description="The data manager: views, actions and columns",
)

ACTIONS = "labelcore.data_manager_actions"


@blp.record_once
def _check_actions(setup_state) -> None:
    # At start-up, so that a plugin reusing a built-in action's id fails the
    # start with its name instead of the first request.
    app = setup_state.app
    plugins = app.extensions["labelcore"].plugins
    try:
        app.extensions[ACTIONS] = merge_actions(
            plugins.data_manager_actions,
            lambda action_id: plugins.owner_of("data_manager_actions", action_id),
        )
    except Exception as error:
        raise PluginError(str(error)) from error


def _actions() -> dict:
    return current_app.extensions[ACTIONS]


def _refused(error: QueryInvalid) -> ApiError:
    return invalid(error.field, error.message)


def _project_arg(body: dict[str, Any] | None = None):
    project_id = int_arg("project")
    if project_id is None and body is not None and isinstance(body.get("project"), int):
        project_id = body["project"]
    if project_id is None:
        raise invalid("project", "is required: the id of the project.")
    return get_project(project_id)


def _view(view_id: int) -> DataManagerView:
    view = db.session.get(DataManagerView, view_id)
    if view is None:
        raise not_found("View", view_id)
    get_project_or_hide(view.project_id, "View", view_id)
    return view


# -- columns -------------------------------------------------------------------


@blp.route("/columns/", methods=["GET"])
def list_columns():
    """The columns a table of ``?project=`` can show, filter and sort: the
    task fields, then each data key (``parent`` ``data``) with the type its
    values suggest (see ``data_key_types``)."""
    project = _project_arg()
    columns = [column.describe() for column in COLUMNS.values()]
    keys = data_key_types(project, parsed_config(project).data_keys)
    for key, value_type in keys.items():
        columns.append(
            {
                "id": f"data.{key}",
                "title": key,
                "type": value_type,
                "target": "tasks",
                "sortable": True,
                "filterable": True,
                "parent": "data",
                "visibility_defaults": {"explore": True, "labeling": True},
            }
        )
    return jsonify({"columns": columns})


# -- views ---------------------------------------------------------------------


@blp.route("/views/", methods=["GET"])
def list_views():
    """The tabs of ``?project=``, in their order."""
    project = _project_arg()
    return jsonify([view_payload(view) for view in views_of(project.id)])


@blp.route("/views/", methods=["POST"])
def create_view():
    """A new tab: ``{"project": id, "data": {"title", "filters", "ordering", ...}}``."""
    body = json_body()
    project = _project_arg(body)
    try:
        data = check_view_data(project, body.get("data"))
        selected = check_selected_items(body.get("selected_items"))
    except QueryInvalid as error:
        raise _refused(error) from None
    view = DataManagerView(
        project_id=project.id,
        user_id=require_user().id,
        order=body["order"]
        if isinstance(body.get("order"), int)
        else next_order(project.id),
        data=data,
        selected_items=selected,
    )
    db.session.add(view)
    db.session.commit()
    response = jsonify(view_payload(view))
    response.status_code = 201
    return response


@blp.route("/views/reset/", methods=["DELETE"])
def reset_views():
    """Delete every tab of ``?project=``."""
    project = _project_arg()
    db.session.execute(
        sa.delete(DataManagerView).where(DataManagerView.project_id == project.id)
    )
    db.session.commit()
    return "", 204


@blp.route("/views/order/", methods=["POST"])
def order_views():
    """``{"project": id, "ids": [view ids in their new order]}``."""
    body = json_body()
    project = _project_arg(body)
    ids = body.get("ids")
    if not isinstance(ids, list) or not all(isinstance(i, int) for i in ids):
        raise invalid("ids", f"must be a list of view ids, got {ids!r}.")
    views = {view.id: view for view in views_of(project.id)}
    unknown = [view_id for view_id in ids if view_id not in views]
    if unknown:
        raise invalid("ids", f"views {unknown} are not tabs of project {project.id}.")
    for position, view_id in enumerate(ids):
        views[view_id].order = position
    db.session.commit()
    return "", 204


@blp.route("/views/<int:view_id>/", methods=["GET"])
def read_view(view_id: int):
    """One tab."""
    return jsonify(view_payload(_view(view_id)))


@blp.route("/views/<int:view_id>/", methods=["PATCH", "PUT"])
def update_view(view_id: int):
    """Change a tab's ``data`` (replaced whole), ``order`` or ``selected_items``."""
    view = _view(view_id)
    body = json_body()
    project = get_project(view.project_id)
    try:
        if "data" in body:
            view.data = check_view_data(project, body["data"])
        if "selected_items" in body:
            view.selected_items = check_selected_items(body["selected_items"])
    except QueryInvalid as error:
        raise _refused(error) from None
    if "order" in body:
        if not isinstance(body["order"], int) or isinstance(body["order"], bool):
            raise invalid("order", f"must be a whole number, got {body['order']!r}.")
        view.order = body["order"]
    view.updated_at = utcnow()
    db.session.commit()
    return jsonify(view_payload(view))


@blp.route("/views/<int:view_id>/", methods=["DELETE"])
def delete_view(view_id: int):
    """Delete a tab."""
    db.session.delete(_view(view_id))
    db.session.commit()
    return "", 204


# -- actions -------------------------------------------------------------------


@blp.route("/actions/", methods=["GET"])
def list_actions():
    """The actions the web UI offers on a selection, built-in and plugins'."""
    actions = sorted(_actions().values(), key=lambda action: (action.order, action.id))
    return jsonify([action_payload(action) for action in actions])


@blp.route("/actions/", methods=["POST"])
def perform_action():
    """Run ``?id=<action>`` on ``?project=``'s tasks chosen by ``selectedItems``
    (``{"all": true, "excluded": [...]}`` is every task the filters match,
    from the body or from ``?view=``; ``{"all": false, "included": [...]}``
    is the listed ones)."""
    action_id = request.args.get("id")
    action = _actions().get(action_id)
    if action is None:
        known = ", ".join(sorted(_actions()))
        raise invalid("id", f"no data-manager action {action_id!r}; known: {known}.")
    body = json_body()
    project = _project_arg(body)
    if body.get("selectedItems") is None:
        raise invalid(
            "selectedItems",
            'is required: {"all": true, "excluded": [...]} or '
            '{"all": false, "included": [...]}.',
        )
    view_data = None
    view_id = int_arg("view")
    if view_id is not None:
        view = _view(view_id)
        if view.project_id != project.id:
            raise invalid("view", f"view {view_id} belongs to another project.")
        view_data = view.data

    try:
        query = DataManagerQuery.parse(body, view_data)
        task_ids = matching_ids(project, query)
    except QueryInvalid as error:
        raise _refused(error) from None
    result = run_action(action, project, task_ids, require_user(), body)
    db.session.commit()
    return jsonify(result)


# -- indexes on data keys ------------------------------------------------------


@blp.route("/indexes/", methods=["GET"])
def list_indexes():
    """The ``data`` keys ``?project=`` indexes, for filters, sorts and
    ``contains``: the built ones (``state`` ``ready``), then those a job is
    building (``state`` ``building``, with ``job`` and its ``progress``)."""
    project = _project_arg()
    built = [index_payload(record) for record in data_indexes(project)]
    building = [building_payload(job) for job in pending_builds(project.id)]
    return jsonify(built + building)


@blp.route("/indexes/", methods=["POST"])
def create_index():
    """Index ``data.<key>``: ``{"project": id, "key": "text", "kind": "value"}``
    (``kind`` ``value`` for equality, ranges and sorting, ``text`` for
    ``contains``).

    Building reads every task of the project, so it is always a job: the
    answer is 202 with ``{"job": {...}}`` and a ``Location`` to follow, the
    same job while one builds that index already. Queries use the index
    once the job finished (its ``result`` holds the index); an index that
    exists already is answered at once, 200 with the index."""
    body = json_body()
    project = _project_arg(body)
    key = body.get("key")
    kind = body.get("kind", "value")
    try:
        started = start_data_index(project, key, kind, require_user().id)
    except (DataKeyInvalid, ValueError) as error:
        raise invalid(
            "key" if isinstance(error, DataKeyInvalid) else "kind", str(error)
        ) from None
    if isinstance(started, TaskDataIndex):
        return jsonify(index_payload(started))

    response = jsonify({"job": job_payload(started)})
    response.status_code = 202
    response.headers["Location"] = f"/api/jobs/{started.id}"
    return response


@blp.route("/indexes/<int:index_id>/", methods=["DELETE"])
def delete_index(index_id: int):
    """Drop one index on a data key. Queries stop using it and task writes
    stop keeping it current before the answer; on SQLite a job (kind
    ``datamanager.drop_index``, in ``/api/jobs/``) then frees a text
    index's space in short transactions."""
    record = db.session.get(TaskDataIndex, index_id)
    if record is None:
        raise not_found("Index", index_id)
    get_project_or_hide(record.project_id, "Index", index_id)
    drop_data_index(record, require_user().id)
    return "", 204
