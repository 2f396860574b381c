"""The one permission table: every endpoint and the rule it follows."""

from __future__ import annotations

from labelcore.models import (
    Annotation,
    DataManagerView,
    Job,
    Prediction,
    Task,
    TaskDataIndex,
)
from labelcore.permissions.rules import (
    LOGGED_IN,
    PUBLIC,
    Rule,
    body_field,
    organization_arg,
    query_arg,
    view_arg,
)

# -- the table -------------------------------------------------------------------

PROJECT = (view_arg("project_id"),)
TASK = (view_arg("task_id", Task, "Task"),)
ANNOTATION = (view_arg("annotation_id", Annotation, "Annotation"),)
PREDICTION = (view_arg("prediction_id", Prediction, "Prediction"),)
VIEW = (view_arg("view_id", DataManagerView, "View"),)
INDEX = (view_arg("index_id", TaskDataIndex, "Index"),)
JOB = (view_arg("job_id", Job, "Job"),)
PROJECT_ARGS = (
    query_arg("project"),
    query_arg("view", DataManagerView, "View"),
    query_arg("task", Task, "Task"),
    body_field("project"),
    body_field("task", Task, "Task"),
)


def _project(role: str, action: str, locate=PROJECT, **options) -> Rule:
    return Rule(role=role, locate=locate, action=action, **options)


def _organization(role: str, action: str, locate=()) -> Rule:
    return Rule(role=role, action=action, locate=locate)


ORGANIZATION = (organization_arg(),)


RULES: dict[str, Rule] = {
    # The web UI, its assets and the API documentation.
    "labelcore_web.single_page_app": PUBLIC,
    "labelcore_web.hashed_asset": PUBLIC,
    "labelcore_web.vendor_module": PUBLIC,
    "labelcore_web.plugin_module": PUBLIC,
    "labelcore_web.list_web_modules": LOGGED_IN,
    "api-docs.openapi_json": PUBLIC,
    "api-docs.openapi_swagger_ui": PUBLIC,
    "swagger_assets": PUBLIC,
    # Service.
    # Label Studio's form login, which the legacy SDK client posts to.
    "legacy_login.form_login_page": PUBLIC,
    "legacy_login.form_login": PUBLIC,
    "service.health": PUBLIC,
    "service.version": PUBLIC,
    "service.list_plugins": LOGGED_IN,
    "service.list_templates": LOGGED_IN,
    "tasks.list_samplers": LOGGED_IN,
    "workflow.list_workflows": LOGGED_IN,
    "workflow.validate_workflow": LOGGED_IN,
    "config.sample_task_for_config": LOGGED_IN,
    "projects.validate_config": LOGGED_IN,
    # Sessions, the caller, tokens.
    "users.login": PUBLIC,
    "users.logout": PUBLIC,
    "users.csrf": PUBLIC,
    "users.signup": PUBLIC,
    "users.reset_password": PUBLIC,
    "users.whoami": LOGGED_IN,
    "users.read_current_user": LOGGED_IN,
    "users.update_current_user": LOGGED_IN,
    "users.current_user_token": LOGGED_IN,
    "users.reset_current_user_token": LOGGED_IN,
    "users.create_password_reset": _organization(
        "administrator", "make password reset links"
    ),
    "users.list_users": _organization("annotator", "list the organization's users"),
    "users.read_user": _organization("annotator", "read a user"),
    "user_merge.merge_user": _organization(
        "administrator", "merge users into one another"
    ),
    "tokens.list_tokens": LOGGED_IN,
    "tokens.create_token": LOGGED_IN,
    "tokens.revoke_token": LOGGED_IN,
    "tokens.list_personal_tokens": LOGGED_IN,
    "tokens.create_personal_token": LOGGED_IN,
    "tokens.refresh_token": PUBLIC,
    "tokens.blacklist_token": PUBLIC,
    "tokens.rotate_token": PUBLIC,
    # Organizations, members, invites, the audit log.
    "organizations.list_organizations": LOGGED_IN,
    "organizations.create_organization": LOGGED_IN,
    "organizations.read_organization": _organization(
        "annotator", "read the organization", ORGANIZATION
    ),
    "organizations.update_organization": _organization(
        "administrator", "change the organization", ORGANIZATION
    ),
    "organizations.switch_organization": _organization(
        "annotator", "switch to the organization", ORGANIZATION
    ),
    "organizations.list_memberships": _organization(
        "annotator", "list the members", ORGANIZATION
    ),
    "organizations.update_membership": _organization(
        "administrator", "change a member's role", ORGANIZATION
    ),
    "organizations.delete_membership": _organization(
        "administrator", "remove a member", ORGANIZATION
    ),
    "organizations.list_invites": _organization(
        "administrator", "list invite links", ORGANIZATION
    ),
    "organizations.create_invite": _organization(
        "administrator", "create invite links", ORGANIZATION
    ),
    "organizations.read_invite": _organization("administrator", "make invite links"),
    "organizations.reset_invite": _organization("administrator", "reset invite links"),
    "organizations.revoke_invite": _organization(
        "administrator", "revoke invite links"
    ),
    "organizations.accept_invite": LOGGED_IN,
    "organizations.preview_invite": PUBLIC,
    "organizations.read_audit_log": _organization(
        "administrator", "read the audit log", ORGANIZATION
    ),
    # Projects.
    "projects.list_projects": _organization("annotator", "list projects"),
    "projects.create_project": _organization("manager", "create projects"),
    "projects.read_project": _project("annotator", "open this project"),
    "projects.update_project": _project("manager", "change this project"),
    "projects.delete_project": _project("manager", "delete this project"),
    "projects.read_parsed_config": _project("annotator", "read the label config"),
    "projects.validate_project_config": _project("manager", "change the label config"),
    "config.read_label_interface": _project("annotator", "read the label interface"),
    "config.sample_task_for_project": _project("annotator", "make a sample task"),
    "members.list_members": _project("annotator", "list the project's members"),
    "members.add_member": _project("manager", "add project members"),
    "members.update_member": _project("manager", "change project roles"),
    "members.remove_member": _project("manager", "remove project members"),
    "members.read_access": _project("annotator", "read the project's access"),
    "members.update_access": _project("manager", "change the project's access"),
    # Import and export.
    "transfer.import_tasks": _project("manager", "import tasks"),
    "transfer.read_import": _project("manager", "read an import"),
    "transfer.export_project": _project("manager", "export the project"),
    "transfer.export_formats": _project("manager", "list export formats"),
    "transfer.list_snapshots": _project("manager", "list exports"),
    "transfer.create_snapshot": _project("manager", "export the project"),
    "transfer.read_snapshot": _project("manager", "read an export"),
    "transfer.delete_snapshot": _project("manager", "delete an export"),
    "transfer.convert_snapshot": _project("manager", "convert an export"),
    "transfer.download_snapshot": _project("manager", "download an export"),
    # Tasks, the label stream, annotations and predictions.
    "tasks.list_tasks": _project("reviewer", "list the project's tasks", PROJECT_ARGS),
    "tasks.create_task": _project("manager", "create tasks", PROJECT_ARGS),
    "tasks.read_task": _project("annotator", "open a task", TASK),
    "tasks.update_task": _project("manager", "change a task", TASK),
    "tasks.delete_task": _project("manager", "delete a task", TASK),
    "tasks.next_task": _project("annotator", "label this project"),
    "tasks.list_annotations": _project("annotator", "read annotations", TASK),
    "tasks.create_annotation": _project("annotator", "annotate a task", TASK),
    "tasks.read_annotation": _project("annotator", "read an annotation", ANNOTATION),
    "tasks.update_annotation": _project(
        "reviewer",
        "change someone else's annotation",
        ANNOTATION,
        owner_field="completed_by_id",
    ),
    "tasks.delete_annotation": _project(
        "manager",
        "delete someone else's annotation",
        ANNOTATION,
        owner_field="completed_by_id",
    ),
    "tasks.list_predictions": _project("annotator", "read predictions", PROJECT_ARGS),
    "tasks.create_prediction": _project("manager", "store predictions", PROJECT_ARGS),
    "tasks.read_prediction": _project("annotator", "read a prediction", PREDICTION),
    "tasks.delete_prediction": _project("manager", "delete a prediction", PREDICTION),
    # Jobs: a job of a project is its managers'; one without a project its
    # creator's and the administrators'.
    "jobs.list_jobs": _project("manager", "list jobs", (query_arg("project"),)),
    "jobs.read_job": _project("manager", "read a job", JOB),
    "jobs.cancel_job": _project("manager", "cancel a job", JOB),
    # The data manager.
    "data_manager.list_columns": _project(
        "reviewer", "use the data manager", PROJECT_ARGS
    ),
    "data_manager.list_views": _project(
        "reviewer", "use the data manager", PROJECT_ARGS
    ),
    "data_manager.create_view": _project("reviewer", "create a tab", PROJECT_ARGS),
    "data_manager.read_view": _project("reviewer", "read a tab", VIEW),
    "data_manager.update_view": _project("reviewer", "change a tab", VIEW),
    "data_manager.delete_view": _project("reviewer", "delete a tab", VIEW),
    "data_manager.order_views": _project("reviewer", "order tabs", PROJECT_ARGS),
    "data_manager.reset_views": _project("manager", "reset the tabs", PROJECT_ARGS),
    "data_manager.list_actions": LOGGED_IN,
    "data_manager.perform_action": _project(
        "manager", "run data-manager actions", PROJECT_ARGS
    ),
    "data_manager.list_indexes": _project(
        "reviewer", "list data indexes", PROJECT_ARGS
    ),
    "data_manager.create_index": _project(
        "manager", "create data indexes", PROJECT_ARGS
    ),
    "data_manager.delete_index": _project("manager", "delete a data index", INDEX),
    # Workflows and review.
    "workflow.read_state_counts": _project("annotator", "read task states"),
    "workflow.read_project_workflow": _project("annotator", "read the workflow"),
    "workflow.change_project_workflow": _project("manager", "change the workflow"),
    "workflow.validate_project_workflow": _project("manager", "change the workflow"),
    "workflow.list_in_review": _project("reviewer", "see tasks in review"),
    "workflow.next_for_review": _project("reviewer", "review tasks"),
    "workflow.read_history": _project("annotator", "read a task's history", TASK),
    "workflow.read_transitions": _project("annotator", "read transitions", TASK),
    # The workflow's own guards decide which roles may send which event.
    "workflow.send_transition": _project("annotator", "move a task", TASK),
    # Uploaded media of a project.
    "uploads.serve_upload": _project("annotator", "read the project's files"),
}
