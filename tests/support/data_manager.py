"""The data manager's task list asked through the API, as tests ask it."""

from __future__ import annotations

import json
from typing import Any


def tasks_containing(
    client,
    project_id: int,
    needle: str,
    *,
    key: str = "text",
    ordering: list[str] | None = None,
    page_size: int | None = None,
) -> list[dict[str, Any]]:
    """The tasks of one page whose ``data.<key>`` contains ``needle``."""
    query: dict[str, Any] = {
        "filters": {
            "conjunction": "and",
            "items": [
                {
                    "filter": f"filter:tasks:data.{key}",
                    "operator": "contains",
                    "type": "String",
                    "value": needle,
                }
            ],
        }
    }
    if ordering is not None:
        query["ordering"] = ordering
    query_string: dict[str, Any] = {"project": project_id, "query": json.dumps(query)}
    if page_size is not None:
        query_string["page_size"] = page_size
    response = client.get("/api/tasks/", query_string=query_string)
    assert response.status_code == 200, response.json
    return response.json["tasks"]
