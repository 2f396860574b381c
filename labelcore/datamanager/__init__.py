"""The data manager: filters compiled to SQL on an explicit list of columns,
saved views, actions on selections, and indexes on marked data keys."""

from labelcore.datamanager.actions import (
    BUILT_IN_ACTIONS,
    ActionConflict,
    merge_actions,
    run_action,
)
from labelcore.datamanager.building import start_data_index
from labelcore.datamanager.columns import COLUMNS, ColumnUnknown, column_named
from labelcore.datamanager.counting import Totals, forget_totals, wait_for_counts
from labelcore.datamanager.dropping import drop_data_index
from labelcore.datamanager.filters import QueryInvalid, compile_filters
from labelcore.datamanager.indexes import DataIndexRefused
from labelcore.datamanager.listing import Page, load_page
from labelcore.datamanager.query import (
    DataManagerQuery,
    Selection,
    matching_ids,
    query_context,
    task_conditions,
)

__all__ = [
    "BUILT_IN_ACTIONS",
    "COLUMNS",
    "ActionConflict",
    "ColumnUnknown",
    "DataIndexRefused",
    "DataManagerQuery",
    "Page",
    "QueryInvalid",
    "Selection",
    "Totals",
    "column_named",
    "compile_filters",
    "drop_data_index",
    "forget_totals",
    "load_page",
    "matching_ids",
    "merge_actions",
    "query_context",
    "run_action",
    "start_data_index",
    "task_conditions",
    "wait_for_counts",
]
