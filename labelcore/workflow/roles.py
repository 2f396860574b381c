"""Who a person is in a project, as far as workflow guards are concerned."""

from __future__ import annotations

from typing import Any

from labelcore.contrib.workflows import MANAGER, REVIEWER


def project_role(project: Any, user: Any) -> str | None:
    """The role of ``user`` in ``project``: annotator, reviewer or manager.

    ``None`` for no user (the system) and for someone who may not see the
    project. The project's members and roles decide (organization owners
    and administrators count as managers); this is the one place the
    workflow engine asks.
    """
    from labelcore.permissions import project_role as role_in_project

    if user is None or project is None:
        return None
    return role_in_project(project, user)


def may_review(role: str | None) -> bool:
    return role in (REVIEWER, MANAGER)
