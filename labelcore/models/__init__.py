"""The database models; every object belongs to an organization."""

from labelcore.models.accounts import (
    DEFAULT_ORGANIZATION,
    ApiToken,
    Membership,
    Organization,
    User,
)
from labelcore.models.base import JSON, db, isoformat, utcnow
from labelcore.models.data_manager import (
    DATA_INDEX_KINDS,
    DataManagerView,
    TaskDataIndex,
)
from labelcore.models.exports import EXPORT_STATES, ExportSnapshot
from labelcore.models.jobs import JOB_STATES, ImportRecord, Job
from labelcore.models.projects import Project
from labelcore.models.tasks import (
    SAMPLING_KEYS,
    Annotation,
    Prediction,
    Task,
    TaskEvent,
    TaskLock,
)

__all__ = [
    "DATA_INDEX_KINDS",
    "DEFAULT_ORGANIZATION",
    "EXPORT_STATES",
    "JOB_STATES",
    "JSON",
    "SAMPLING_KEYS",
    "Annotation",
    "ApiToken",
    "DataManagerView",
    "ExportSnapshot",
    "ImportRecord",
    "Job",
    "Membership",
    "Organization",
    "Prediction",
    "Project",
    "Task",
    "TaskDataIndex",
    "TaskEvent",
    "TaskLock",
    "User",
    "db",
    "isoformat",
    "utcnow",
]
