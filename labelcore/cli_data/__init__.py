"""The commands that move data and start jobs from the shell: ``import``,
``export``, ``index`` and ``jobs``, each following its job with a progress
bar. They run the same jobs as the API, in-process without
``LABELCORE_REDIS_URL`` and on the workers with it."""

from labelcore.cli_data.exporting import export_project
from labelcore.cli_data.importing import import_files
from labelcore.cli_data.indexing import index
from labelcore.cli_data.jobs import jobs

DATA_COMMANDS = (import_files, export_project, index, jobs)

__all__ = ["DATA_COMMANDS"]
