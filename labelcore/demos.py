"""Creating the demo projects that plugins contribute, once each."""

from __future__ import annotations

import logging
import shutil

import sqlalchemy as sa

from labelcore.models import Project, User, db
from labelcore.uploads import upload_folder, upload_url

log = logging.getLogger(__name__)


def _owner(email: str | None) -> User:
    query = sa.select(User).order_by(User.id)
    if email:
        query = query.where(User.email == email.strip().lower())
    else:
        query = query.where(User.is_admin.is_(True))
    owner = db.session.execute(query.limit(1)).scalar_one_or_none()
    if owner is None:
        raise LookupError(
            "No user to own the demo projects: create one with `labelcore user "
            "create EMAIL --admin` or set LABELCORE_ADMIN_EMAIL."
        )
    return owner


def load_demos(app, owner_email: str | None = None):
    """Yield ``(title, created, task_count)`` for every demo of every plugin."""
    state = app.extensions["labelcore"]
    owner = _owner(owner_email)

    for demo in state.plugins.demos.values():
        existing = db.session.execute(
            sa.select(Project.id).where(
                Project.title == demo.title,
                Project.organization_id == owner.active_organization_id,
            )
        ).first()
        if existing:
            yield demo.title, False, 0
            continue

        project = Project(
            title=demo.title,
            description=demo.description,
            label_config=demo.config,
            organization_id=owner.active_organization_id,
            created_by_id=owner.id,
            sampler=_first(state.plugins.samplers, "sequential"),
            workflow=_first(state.plugins.workflows, "default"),
        )
        db.session.add(project)
        db.session.commit()

        folder = upload_folder(state.settings, project.id)
        for file_name, source in demo.media.items():
            shutil.copyfile(source, folder / file_name)

        tasks = demo.tasks(lambda file_name, pid=project.id: upload_url(pid, file_name))
        count = _import(state, project, owner, tasks)
        log.info("Demo %r created with %d tasks", demo.title, count)
        yield demo.title, True, count


def _import(state, project: Project, owner: User, tasks) -> int:
    """Import a demo's tasks through the same pipeline as any import; a demo
    whose data does not fit its own config is a plugin bug, so it fails loudly."""
    from labelcore.imports.pipeline import ImportRun

    run = ImportRun(
        project,
        owner,
        state.compiler.compile(project.label_config),
        state.workflow,
    )
    for index, task in enumerate(tasks):
        if run.add(index, f"item {index}", task):
            run.write_pending()
    run.write_pending()
    if run.totals.problem_count:
        db.session.rollback()
        raise ValueError(
            f"Demo {project.title!r} has tasks its config refuses: "
            f"{run.totals.problems[:3]}"
        )
    db.session.commit()
    return run.totals.task_count


def _first(available: dict, preferred: str) -> str:
    if preferred in available:
        return preferred
    return next(iter(available), preferred)
