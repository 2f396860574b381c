"""``POST /api/projects/<id>/import``: inline when small, a job when large."""

from __future__ import annotations

import itertools
import logging
import time
from typing import Any

from labelcore.imports.job import start_import_job
from labelcore.imports.pipeline import ImportRun
from labelcore.imports.reading import numbered_items
from labelcore.imports.remote import source_from_url
from labelcore.imports.sources import (
    ImportRequestError,
    MediaStore,
    collect_sources,
    discard,
    imports_folder,
)
from labelcore.models import db
from labelcore.uploads import upload_folder

log = logging.getLogger(__name__)

TRUE_WORDS = {"1", "true", "yes", "on"}


def import_options(args: Any) -> dict[str, Any]:
    """What the query string says about reading the files."""
    options: dict[str, Any] = {}
    if args.get("column"):
        options["column"] = args["column"]
    options["return_task_ids"] = str(args.get("return_task_ids", "")).lower() in (
        TRUE_WORDS
    )
    fields = [
        name.strip()
        for value in args.getlist("preannotated_from_fields")
        for name in value.split(",")
        if name.strip()
    ]
    if fields:
        options["preannotated_from_fields"] = fields
    return options


def object_keys(parsed) -> dict[str, str]:
    """The data key each kind of object tag reads (the first tag of a kind
    wins), so that a media importer knows where its URL goes."""
    keys: dict[str, str] = {}
    for target in parsed.objects.values():
        if target.data_key is not None:
            keys.setdefault(target.tag, target.data_key.key)
    return keys


def with_config_options(options: dict[str, Any], parsed) -> dict[str, Any]:
    """``options`` with what the project's config tells the importers: the
    data key a line of text goes to, and where each object tag reads."""
    options = dict(options)
    if "column" not in options and len(parsed.data_keys) == 1:
        # A line of text can only be meant for the one key the config reads.
        options["column"] = parsed.data_keys[0]
    options["object_keys"] = object_keys(parsed)
    return options


def _url_of(request) -> str | None:
    """Label Studio's ``url`` form field (or query parameter): a file to fetch."""
    url = request.args.get("url")
    if not url and request.mimetype in (
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    ):
        url = request.form.get("url")
    return url.strip() if url and url.strip() else None


def error_body(detail: str, field: str, messages: list[str], **extra) -> dict:
    return {
        "status_code": 400,
        "detail": detail,
        "validation_errors": {field: messages},
        **extra,
    }


def handle_import_request(project, request, user, app_state) -> tuple[int, dict]:
    """Read the request; import inline (201) or start a job (202); 400 if bad."""
    from labelcore.config import ConfigInvalid

    started = time.monotonic()
    settings = app_state.settings
    options = import_options(request.args)
    try:
        parsed = app_state.compiler.compile(project.label_config)
    except ConfigInvalid as error:
        message = f"The project's label config does not compile: {error}"
        return 400, error_body(message, "label_config", [message])
    options = with_config_options(options, parsed)
    folder = imports_folder(settings.data_path)
    media = MediaStore(upload_folder(settings, project.id), project.id)
    try:
        url = _url_of(request)
        if url:
            sources = [
                source_from_url(
                    url, settings, app_state.plugins.importers, folder, media
                )
            ]
        else:
            sources = collect_sources(
                request, app_state.plugins.importers, folder, media
            )
    except ImportRequestError as error:
        body = error_body(error.message, error.field, [error.message])
        body["status_code"] = error.status
        return error.status, body

    limit = settings.sync_import_limit
    items = numbered_items(sources, options)
    try:
        head = list(itertools.islice(items, limit + 1))
    except ImportRequestError as error:
        discard(sources, media_too=True)
        return error.status, error_body(error.message, error.field, [error.message])
    except BaseException:
        discard(sources)
        raise
    if len(head) > limit:
        items.close()
        body = start_import_job(project, user, sources, options, folder)
        return 202, body

    imported = False
    try:
        status, body = _import_inline(
            project, user, app_state, parsed, sources, head, options, started
        )
        imported = status == 201
        return status, body
    finally:
        discard(sources, media_too=not imported)


def _import_inline(project, user, app_state, parsed, sources, items, options, started):
    run = ImportRun(
        project,
        user,
        parsed,
        app_state.workflow,
        # At most the inline limit of ids: the answer and the plugins' summary
        # name the new tasks, so no one has to guess them from the newest.
        want_ids=True,
        preannotated_from_fields=options.get("preannotated_from_fields", ()),
        batch_size=max(len(items), 1),
    )
    for index, location, item in items:
        run.add(index, location, item)
    totals = run.totals

    if not run.pending:
        db.session.rollback()
        return 400, _nothing_importable(totals, len(items))

    run.write_pending()
    db.session.commit()
    app_state.plugins.hook.on_import_finished(
        project=project,
        summary={
            "task_count": totals.task_count,
            "annotation_count": totals.annotation_count,
            "prediction_count": totals.prediction_count,
            "import_id": None,
            "task_ids": list(totals.task_ids),
        },
    )

    body = {
        "task_count": totals.task_count,
        "annotation_count": totals.annotation_count,
        "prediction_count": totals.prediction_count,
        "predictions_count": totals.prediction_count,
        "duration": round(time.monotonic() - started, 4),
        "file_upload_ids": [],
        "could_be_tasks_list": False,
        "found_formats": sorted({source.extension for source in sources}),
        "data_columns": sorted(totals.data_columns),
        # Label Studio answers these with ``return_task_ids`` only; a client
        # that does not ask reads past them.
        "task_ids": totals.task_ids,
    }
    if totals.problem_count:
        body["errors"] = totals.problems
        body["error_count"] = totals.problem_count
    log.info(
        "Imported %d tasks into project %s inline (%d items refused)",
        totals.task_count,
        project.id,
        totals.problem_count,
    )
    return 201, body


def _nothing_importable(totals, item_count: int) -> dict:
    if not item_count:
        message = (
            "The import holds no tasks. Send a JSON list of tasks, or files with "
            "one task per line or row."
        )
        return error_body(message, "tasks", [message])

    texts = [problem["text"] for problem in totals.problems]
    shown = texts[0] if len(texts) == 1 else f"{texts[0]} (and {len(texts) - 1} more)"
    return error_body(
        f"No task could be imported: {shown}",
        "tasks",
        texts,
        errors=totals.problems,
        error_count=totals.problem_count,
    )
