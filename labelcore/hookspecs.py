"""Every hook a LabelCore plugin can implement.

Each docstring is the whole contract: when the hook is called, its
arguments, what to return and how the answers of several plugins combine.
``docs/plugins.md`` documents each hook again for plugin authors, and a test
fails when one is missing there.

Hooks come in two families. ``register_*`` hooks are called once, inside
``create_app()``, and return a list; the core concatenates the lists of all
plugins and refuses two contributions with the same name, naming both
plugins. ``on_*`` hooks are told of an event and return nothing.
"""

from __future__ import annotations

import pluggy

hookspec = pluggy.HookspecMarker("labelcore")


# -- Start-up: the config language -------------------------------------------


@hookspec
def register_tag_types():
    """Return a list of ``labelcore.TagType`` instances.

    Called once at start-up. Each tag type declares its name (the XML tag),
    kind (object, control, visual, child), attributes, allowed children and,
    for controls, the object tags it may label, its result ``type`` and the
    JSON schema of its result ``value``. The core compiles configs from
    these declarations only, so a tag that no plugin registers is refused.

    Example::

        @hookimpl
        def register_tag_types():
            return [StarRating()]
    """


@hookspec
def register_templates():
    """Return a list of ``labelcore.Template`` for the template gallery.

    Called once at start-up. Names must be unique across plugins. Each
    template's config must compile with the tag types that are installed,
    and its ``sample_task`` must validate against it.

    Example::

        @hookimpl
        def register_templates():
            return [Template(name="sentiment", title="Sentiment", group="NLP",
                             config="<View>...</View>", sample_task={...})]
    """


@hookspec
def register_demos():
    """Return a list of ``labelcore.Demo`` projects for ``labelcore demo``.

    Called when demos are listed or loaded. ``labelcore demo`` creates each
    demo project once (a demo whose title already exists is left alone).

    Example::

        @hookimpl
        def register_demos():
            return [Demo(name="news", title="News topics", config=CONFIG,
                         tasks=lambda media_url: [{"text": "..."}])]
    """


# -- Start-up: the label stream and task states ------------------------------


@hookspec
def register_samplers():
    """Return a list of ``labelcore.Sampler`` instances.

    Called once at start-up. A project names its sampler by ``name`` (or by
    one of its ``aliases``, such as Label Studio's ``"Sequential sampling"``).
    ``order(candidates, context)`` returns the candidates ordered as a query.

    Example::

        @hookimpl
        def register_samplers():
            return [ShortestFirst()]
    """


@hookspec
def register_workflows():
    """Return a list of ``labelcore.WorkflowDefinition``.

    Called once at start-up. A project names its workflow by ``name``; the
    core builds one state machine per definition and refuses a definition
    without exactly one initial state or with a transition between unknown
    states.

    Example::

        @hookimpl
        def register_workflows():
            return [WorkflowDefinition(name="two-step", title="Two step",
                                       states=[...], transitions=[...])]
    """


# -- Start-up: import and export ---------------------------------------------


@hookspec
def register_importers():
    """Return a list of ``labelcore.Importer`` instances.

    Called once at start-up. The import endpoint picks an importer by the
    file's extension, then by the request's content type. Names and
    extensions must be unique across plugins.

    Example::

        @hookimpl
        def register_importers():
            return [ParquetImporter()]
    """


@hookspec
def register_exporters():
    """Return a list of ``labelcore.Exporter`` instances.

    Called once at start-up. ``GET /api/projects/<id>/export?exportType=NAME``
    picks one by ``name`` (Label Studio's names: ``JSON``, ``CSV``, ...).

    Example::

        @hookimpl
        def register_exporters():
            return [MyFormatExporter()]
    """


# -- Start-up: storage and models ---------------------------------------------


@hookspec
def register_storage_types():
    """Return a list of ``labelcore.StorageType`` (cloud and local storages).

    Called once at start-up. ``name`` is the path part of
    ``/api/storages/<name>/`` (``s3``, ``gcs``, ``azure``, ``localfiles``).

    Example::

        @hookimpl
        def register_storage_types():
            return [StorageType(name="minio", title="MinIO", connector=...)]
    """


@hookspec
def register_ml_backend_types():
    """Return a list of ``labelcore.MLBackendType`` (HTTP or in-process models).

    Called once at start-up. Names must be unique across plugins.

    Example::

        @hookimpl
        def register_ml_backend_types():
            return [MLBackendType(name="tfidf", title="TF-IDF", backend=...)]
    """


# -- Start-up: the web UI, the API and the command line ------------------------


@hookspec
def register_data_manager_actions():
    """Return a list of ``labelcore.DataManagerAction``.

    Called once at start-up. ``POST /api/dm/actions?id=<id>&project=<pk>``
    runs the action whose ``id`` matches, on the tasks of ``selectedItems``.

    Example::

        @hookimpl
        def register_data_manager_actions():
            return [DataManagerAction(id="mark_reviewed", title="Mark reviewed",
                                      run=mark_reviewed)]
    """


@hookspec
def register_web_modules():
    """Return a list of ``labelcore.WebModule`` (ES modules for the web UI).

    Called once at start-up. The server serves each module at
    ``/plugins/<plugin name>/<module name>`` and lists it in
    ``GET /api/plugins/web-modules``; the web UI imports every listed module
    and merges the tag renderers it exports, refusing duplicates by tag name.

    Example::

        @hookimpl
        def register_web_modules():
            return [WebModule(name="renderers.js", path=str(HERE / "renderers.js"))]
    """


@hookspec
def register_blueprints():
    """Return a list of Flask blueprints to register on the app.

    Called once inside ``create_app()``. Blueprint names must be unique.

    Example::

        @hookimpl
        def register_blueprints():
            return [my_blueprint]
    """


@hookspec
def register_cli_commands():
    """Return a list of click commands to add to the ``labelcore`` command.

    Called when the command line starts. Command names must be unique.

    Example::

        @hookimpl
        def register_cli_commands():
            return [my_click_command]
    """


@hookspec
def register_migration_folders():
    """Return a list of folder paths holding the plugin's Alembic revisions.

    Called by ``labelcore db upgrade`` and at start-up. Each folder is one
    branch (its first revision has ``branch_labels = ("<plugin>",)``) in the
    shared ``alembic_version`` table, applied together with the core's.

    Example::

        @hookimpl
        def register_migration_folders():
            return [str(HERE / "migrations")]
    """


# -- Events ------------------------------------------------------------------


@hookspec
def on_task_transitioned(task, event, from_state, to_state, actor, comment):
    """Told after a task changed state through its workflow.

    Called inside the transaction that made the change, after the event
    row is written. ``task`` is the Task row, ``event`` the workflow event
    name, ``from_state``/``to_state`` state names, ``actor`` the User or
    ``None`` for the system, ``comment`` the reason given with the event
    (``""`` when none). Return nothing; an exception rolls the change back.

    Example::

        @hookimpl
        def on_task_transitioned(task, event, from_state, to_state, actor):
            log.info("task %s: %s -> %s", task.id, from_state, to_state)
    """


@hookspec
def on_annotation_saved(annotation, created):
    """Told after an annotation was created (``created`` true) or updated.

    Called after the annotation is flushed, in the same transaction.
    Return nothing.

    Example::

        @hookimpl
        def on_annotation_saved(annotation, created):
            queue_training(annotation.project_id)
    """


@hookspec
def on_import_finished(project, summary):
    """Told after an import into ``project`` committed.

    ``summary`` is a dict with ``task_count``, ``annotation_count``,
    ``prediction_count`` and ``import_id`` (``None`` for a small inline
    import, which carries the new tasks' ids in ``task_ids`` instead; a job
    import is named by its ``import_id``). Return nothing.

    Example::

        @hookimpl
        def on_import_finished(project, summary):
            request_predictions(project, summary["import_id"])
    """


@hookspec
def on_annotation_deleted(annotation, actor):
    """Told after an annotation (or a skip) was deleted.

    Called after the deletion is flushed, in the same transaction, with the
    task's counters and state already updated. ``annotation`` is the deleted
    row (its attributes still read; it is no longer in the database),
    ``actor`` the User who deleted it. Return nothing; an exception rolls
    the deletion back.

    Example::

        @hookimpl
        def on_annotation_deleted(annotation, actor):
            forget_for_training(annotation.project_id, annotation.id)
    """


@hookspec
def on_tasks_created(project, task_ids, actor):
    """Told after tasks were created one by one (``POST /api/tasks/``).

    Called after the tasks are flushed, in the same transaction. Imports do
    not call it: they call ``on_import_finished`` once they committed.
    ``project`` is the Project row, ``task_ids`` a list of the new tasks'
    ids, ``actor`` the User. Return nothing; an exception rolls the
    creation back.

    Example::

        @hookimpl
        def on_tasks_created(project, task_ids, actor):
            request_predictions(project, task_ids)
    """


@hookspec
def on_tasks_deleted(project, task_ids, actor):
    """Told after tasks of ``project`` were deleted, with their annotations.

    Called inside the transaction that deletes them, after the delete ran;
    a bulk deletion calls it once per committed batch (at most a few
    thousand ids). ``task_ids`` is a list of the deleted tasks' ids (the
    rows are gone), ``actor`` the User. Deleting a whole project does not
    call it: ``on_project_changed`` tells that. Return nothing; an
    exception rolls the deletion (of that batch) back.

    Example::

        @hookimpl
        def on_tasks_deleted(project, task_ids, actor):
            drop_cached_media(project.id, task_ids)
    """


@hookspec
def on_project_changed(project, change, actor):
    """Told when a project is created, its settings change, or it is deleted.

    Called inside the transaction that makes the change, before it
    commits. ``change`` is ``"created"``, ``"updated"`` or ``"deleted"``.
    ``project`` is the Project row: when ``"created"`` it may not be flushed
    yet (its ``id`` is set by the commit's flush, so keep the row, not the
    id); when ``"updated"`` the new values are set (``PATCH`` or ``PUT`` of
    the project, whether or not a value differs); when ``"deleted"`` it is
    marked for deletion and still reads.
    ``actor`` is the User. Return nothing; an exception rolls the change
    back.

    Example::

        @hookimpl
        def on_project_changed(project, change, actor):
            if change == "deleted":
                remove_project_folder(project.id)
    """


@hookspec
def on_job_finished(job):
    """Told when a job reached its final state: finished, failed or cancelled.

    Called by the job runner, in the transaction that records the outcome,
    on the in-process pool and under ``labelcore worker`` alike. ``job`` is
    the Job row with ``state``, ``result``, ``error`` and ``finished_at``
    set. Return nothing; an exception leaves the job's outcome unrecorded
    until its lease lapses and it runs again, so catch what may fail.

    Example::

        @hookimpl
        def on_job_finished(job):
            if job.state == "failed":
                alert_operators(job.id, job.error)
    """
