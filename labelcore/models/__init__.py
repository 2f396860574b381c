"""The database models; every object belongs to an organization."""

from labelcore.models.accounts import (
    DEFAULT_ORGANIZATION,
    ApiToken,
    Membership,
    Organization,
    User,
)
from labelcore.models.base import JSON, db, isoformat, utcnow
from labelcore.models.exports import EXPORT_STATES, ExportSnapshot
from labelcore.models.jobs import JOB_STATES, ImportRecord, Job
from labelcore.models.projects import Project
from labelcore.models.tasks import Annotation, Prediction, Task, TaskEvent, TaskLock

__all__ = [
    "DEFAULT_ORGANIZATION",
    "EXPORT_STATES",
    "JOB_STATES",
    "JSON",
    "Annotation",
    "ApiToken",
    "ExportSnapshot",
    "ImportRecord",
    "Job",
    "Membership",
    "Organization",
    "Prediction",
    "Project",
    "Task",
    "TaskEvent",
    "TaskLock",
    "User",
    "db",
    "isoformat",
    "utcnow",
]
