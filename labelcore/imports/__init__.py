"""The import pipeline: files and request bodies become tasks, in bulk.

``handle_import_request`` answers ``POST /api/projects/<id>/import``;
``import_record_payload`` answers ``GET /api/projects/<id>/imports/<id>/``;
importing this package registers the ``import`` job kind.
"""

from labelcore.imports.job import import_record_payload, run_import
from labelcore.imports.request import handle_import_request

__all__ = ["handle_import_request", "import_record_payload", "run_import"]
