"""Task workflows: transitions, history, the review stream, per-project workflows.

Every state change of a task goes through its project's workflow. People
send the workflow's own events (``submit``, ``accept``, ``reject``,
``reopen``, ...) here; the events that follow from annotations are sent by
the server when annotations are saved.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import jsonify, request
from flask_smorest import Blueprint
from sqlalchemy.orm.exc import StaleDataError

from labelcore.api.access import (
    app_state,
    get_project,
    get_project_or_hide,
    get_task,
    int_arg,
    json_body,
)
from labelcore.api.errors import ApiError, invalid
from labelcore.api.serializers import (
    annotation_payload,
    prediction_payload,
    task_payload,
)
from labelcore.auth import require_user
from labelcore.contrib.workflows import CORE_EVENTS
from labelcore.models import Annotation, Prediction, Task, db
from labelcore.permissions import Rule, permission_rule, view_arg
from labelcore.workflow import (
    SwitchRefused,
    TransitionRefused,
    UnknownWorkflow,
    WorkflowDefinitionError,
    declared_name,
    project_role,
    replay,
    state_counts,
    switch_workflow,
    task_events,
)
from labelcore.workflow.answers import (
    changed_error,
    definition_error,
    refused_error,
    switch_error,
)
from labelcore.workflow.declared import read_document
from labelcore.workflow.payloads import (
    catalog,
    event_payload,
    events_payload,
    state_counts_payload,
    task_state_payload,
    workflow_payload,
)
from labelcore.workflow.review import (
    NoReviewState,
    next_task_for_review,
    review_count,
    tasks_in_review,
)
from labelcore.workflow.roles import may_review

blp = Blueprint(
    "workflow", __name__, url_prefix="/api", description="Task workflows and review"
)

MAX_COMMENT = 10_000
MAX_PAGE_SIZE = 1000
# Sent by the server itself when annotations change; ``recount`` may also be
# sent by hand after the counters were repaired, but is no decision a person
# makes, so the lists of events people may send leave all of them out.
SERVER_EVENTS = tuple(event for event in CORE_EVENTS if event != "recount")


def _people_events(answers: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [answer for answer in answers if answer["event"] not in CORE_EVENTS]


@blp.app_errorhandler(StaleDataError)
def _task_changed(error: StaleDataError):
    # A row updated with a version that another request moved on first.
    error_answer = changed_error()
    response = jsonify(error_answer.payload())
    response.status_code = error_answer.status
    return response


def _engine():
    return app_state().workflow


# -- workflows ---------------------------------------------------------------


@blp.route("/workflows/", methods=["GET"])
def list_workflows():
    """Installed workflows, and the guards, effects and roles a declared one may use."""
    require_user()
    return jsonify(catalog(_engine()))


@blp.route("/workflows/validate/", methods=["POST"])
def validate_workflow():
    """Check a declared workflow (JSON or YAML) without saving it."""
    require_user()
    body = json_body()
    compiled = _compile_document(body, "project:new")
    return jsonify({"valid": True, "workflow": workflow_payload(compiled)})


@blp.route("/projects/<int:project_id>/workflow/validate/", methods=["POST"])
def validate_project_workflow(project_id: int):
    """Check a declared workflow for this project without saving it."""
    project = get_project(project_id)
    compiled = _compile_document(json_body(), declared_name(project.id))
    return jsonify({"valid": True, "workflow": workflow_payload(compiled)})


def _compile_document(body: dict[str, Any], name: str):
    if "definition" not in body:
        raise invalid(
            "definition",
            "is required: the workflow as an object, or as JSON or YAML text with "
            '"format": "json" or "yaml".',
        )
    try:
        data = read_document(body["definition"], body.get("format") or "json")
        return _engine().compile_declared(data, name)
    except WorkflowDefinitionError as error:
        raise definition_error(error) from None


@blp.route("/projects/<int:project_id>/workflow/", methods=["GET"])
def read_project_workflow(project_id: int):
    """The project's workflow, and how many of its tasks are in each state."""
    project = get_project(project_id)
    return jsonify(_project_workflow(project))


def _project_workflow(project) -> dict[str, Any]:
    compiled = _compiled_for(project)
    return {
        "project": project.id,
        "workflow": workflow_payload(compiled),
        "counts": state_counts_payload(compiled, state_counts(project.id)),
    }


def _compiled_for(project):
    try:
        return _engine().compiled_for(project)
    except UnknownWorkflow as error:
        raise ApiError(400, str(error), code="unknown_workflow") from None


@blp.route("/projects/<int:project_id>/workflow/", methods=["PUT", "PATCH"])
def change_project_workflow(project_id: int):
    """Switch the project to an installed workflow (``{"workflow": name}``) or to
    its own (``{"definition": ..., "format": "json" | "yaml"}``).

    Tasks in states the new workflow lacks need ``"state_map": {old: new}``;
    without it the switch is refused and nothing changes.
    """
    project = get_project(project_id)
    body = json_body()
    state_map = body.get("state_map") or {}
    if not isinstance(state_map, dict):
        raise invalid("state_map", "must be an object mapping old states to new ones.")

    if ("workflow" in body) == ("definition" in body):
        raise ApiError(
            400,
            'Send either "workflow" (the name of an installed workflow) or '
            '"definition" (the project\'s own workflow), not both or neither.',
        )
    declared = None
    if "definition" in body:
        try:
            declared = read_document(body["definition"], body.get("format") or "json")
        except WorkflowDefinitionError as error:
            raise definition_error(error) from None
    else:
        _check_installed(body["workflow"])

    try:
        result = switch_workflow(
            _engine(),
            project,
            require_user(),
            workflow=body.get("workflow"),
            declared=declared,
            state_map=state_map,
        )
    except WorkflowDefinitionError as error:
        raise definition_error(error) from None
    except SwitchRefused as error:
        raise switch_error(error) from None
    db.session.commit()
    return jsonify({**_project_workflow(project), "moved": result.moved})


def _check_installed(name: Any) -> None:
    installed = _engine().workflows
    if not isinstance(name, str) or name not in installed:
        known = ", ".join(repr(known) for known in installed) or "none"
        raise invalid(
            "workflow",
            f"no installed workflow {name!r}; installed: {known}. To give the "
            f'project a workflow of its own, send it as "definition".',
        )


@blp.route("/projects/<int:project_id>/states/", methods=["GET"])
def read_state_counts(project_id: int):
    """How many of the project's tasks are in each state of its workflow."""
    project = get_project(project_id)
    return jsonify(
        state_counts_payload(_compiled_for(project), state_counts(project.id))
    )


@blp.route("/projects/<int:project_id>/states/<state>/tasks/", methods=["GET"])
@permission_rule(
    Rule(
        role="annotator", locate=(view_arg("project_id"),), action="list tasks by state"
    )
)
def list_tasks_in_state(project_id: int, state: str):
    """A page of the project's tasks in ``state``, in inner-id order."""
    project = get_project(project_id)
    page = int_arg("page", 1)
    page_size = min(int_arg("page_size", 100), MAX_PAGE_SIZE)
    matching = (Task.project_id == project.id, Task.state == state)

    total = db.session.execute(
        sa.select(sa.func.count()).select_from(Task).where(*matching)
    ).scalar_one()
    tasks = db.session.execute(
        sa.select(Task)
        .where(*matching)
        .order_by(Task.inner_id)
        .limit(page_size)
        .offset((page - 1) * page_size)
    ).scalars()
    return jsonify(
        {
            "state": state,
            "count": total,
            "tasks": [task_state_payload(task) for task in tasks],
        }
    )


# -- transitions and history -------------------------------------------------


def _task_and_project(task_id: int):
    task = get_task(task_id)
    return task, get_project_or_hide(task.project_id, "Task", task_id)


@blp.route("/tasks/<int:task_id>/transitions/", methods=["GET"])
def read_transitions(task_id: int):
    """The task's state, and each event from it with whether the caller may send it."""
    task, project = _task_and_project(task_id)
    user = require_user()
    events = _engine().permitted_events(task, user, project)
    return jsonify(
        {
            "task": task_state_payload(task),
            "workflow": project.workflow,
            "role": project_role(project, user),
            "events": _people_events(events),
        }
    )


@blp.route("/tasks/<int:task_id>/transitions/", methods=["POST"])
def send_transition(task_id: int):
    """Send ``{"event": name, "comment"?: text, "version"?: n}`` to the task.

    An event the task's state does not allow answers 400 with the state and
    the events allowed from it; a ``version`` older than the task's answers
    409, as does a task that another request changed at the same moment.
    """
    task, project = _task_and_project(task_id)
    user = require_user()
    event, comment, version = _transition_request(json_body())
    if version is not None and version != task.version:
        raise changed_error(
            task.id,
            f" (you sent version {version}; it is at version {task.version}, "
            f"{task.state!r})",
        )

    before = task.state
    try:
        state = _engine().apply(task, event, user, project, comment=comment)
    except TransitionRefused as refused:
        raise refused_error(refused) from None
    changed = state != before
    if changed:
        task.updated_by_id = user.id
    db.session.commit()

    recorded = task_events(task.id)[-1] if changed else None
    return jsonify(
        {
            "task": task_state_payload(task),
            "changed": changed,
            "event": event_payload(recorded, user) if recorded else None,
        }
    )


def _transition_request(body: dict[str, Any]) -> tuple[str, str, int | None]:
    event = body.get("event")
    if not isinstance(event, str) or not event:
        raise invalid("event", "is required: the name of a workflow event.")
    if event in SERVER_EVENTS:
        raise invalid(
            "event",
            f"{event!r} is sent by the server when annotations are saved or "
            f"deleted; save or delete an annotation instead "
            f"(/api/tasks/<id>/annotations).",
        )

    comment = body.get("comment") or ""
    if not isinstance(comment, str):
        raise invalid("comment", "must be a string.")
    if len(comment) > MAX_COMMENT:
        raise invalid("comment", f"must be at most {MAX_COMMENT} characters long.")

    version = body.get("version")
    if version is not None and (
        isinstance(version, bool) or not isinstance(version, int)
    ):
        raise invalid("version", f"must be the task's version number, got {version!r}.")
    return event, comment, version


@blp.route("/tasks/<int:task_id>/history/", methods=["GET"])
def read_history(task_id: int):
    """The task's event log, oldest first, and the state it replays to."""
    task, project = _task_and_project(task_id)
    events = task_events(task.id)
    initial = _compiled_for(project).initial_state
    replayed = replay(initial, events)
    return jsonify(
        {
            "task": task_state_payload(task),
            "workflow": project.workflow,
            "events": events_payload(events),
            "replayed_state": replayed.state,
            "consistent": replayed.consistent and replayed.state == task.state,
            "breaks": replayed.breaks,
        }
    )


# -- the review stream -------------------------------------------------------


def _reviewed_project(project_id: int):
    project = get_project(project_id)
    role = project_role(project, require_user())
    if not may_review(role):
        raise ApiError(
            403,
            f"Reviewing project {project.id} needs the role reviewer or manager; "
            f"yours is {role or 'none'}. Ask a manager of the project for it.",
        )
    return project


@blp.route("/projects/<int:project_id>/review/next/", methods=["GET"])
def next_for_review(project_id: int):
    """The next task waiting for review, with its annotations and history.

    ``?exclude=<task id>[,<id>]`` passes over tasks already on screen.
    """
    project = _reviewed_project(project_id)
    try:
        task = next_task_for_review(_engine(), project, _exclude())
        remaining = review_count(_engine(), project)
    except NoReviewState as error:
        raise ApiError(400, str(error), code="no_review_state") from None
    if task is None:
        raise ApiError(
            404,
            f"No task of project {project.id} waits for review.",
            code="no_more_tasks",
        )

    user = require_user()
    return jsonify(
        {
            **_task_with_results(task),
            "version": task.version,
            "events": _people_events(_engine().permitted_events(task, user, project)),
            "history": events_payload(task_events(task.id)),
            "remaining": remaining,
        }
    )


@blp.route("/projects/<int:project_id>/review/", methods=["GET"])
def list_in_review(project_id: int):
    """A page of the tasks that wait for review, oldest first."""
    project = _reviewed_project(project_id)
    page = int_arg("page", 1)
    page_size = min(int_arg("page_size", 100), MAX_PAGE_SIZE)
    try:
        query = tasks_in_review(_engine(), project)
        total = review_count(_engine(), project)
    except NoReviewState as error:
        raise ApiError(400, str(error), code="no_review_state") from None

    tasks = db.session.execute(
        query.limit(page_size).offset((page - 1) * page_size)
    ).scalars()
    return jsonify(
        {"count": total, "tasks": [task_state_payload(task) for task in tasks]}
    )


def _exclude() -> list[int]:
    raw = ",".join(request.args.getlist("exclude"))
    try:
        return [int(part) for part in raw.split(",") if part.strip()]
    except ValueError:
        raise invalid(
            "exclude", f"must be task ids separated by commas, got {raw!r}."
        ) from None


def _task_with_results(task: Task) -> dict[str, Any]:
    annotations = db.session.execute(
        sa.select(Annotation)
        .where(Annotation.task_id == task.id)
        .order_by(Annotation.id)
    ).scalars()
    predictions = db.session.execute(
        sa.select(Prediction)
        .where(Prediction.task_id == task.id)
        .order_by(Prediction.id)
    ).scalars()
    return task_payload(
        task,
        annotations=[annotation_payload(row) for row in annotations],
        predictions=[prediction_payload(row) for row in predictions],
    )
