"""The API tests' projects on real texts, reused here."""

from tests.core.api.conftest import (  # noqa: F401
    annotator_client,
    new_project,
    packages,
    project_with_tasks,
    sections,
    text_config,
)
