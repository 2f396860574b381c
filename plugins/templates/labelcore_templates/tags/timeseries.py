"""Time series: ``TimeSeries`` with its ``Channel``s (and ``MultiChannel``).

The data is a CSV file (``valueType="url"``, the default) or, with
``valueType="json"``, an object of columns: every ``Channel column`` and the
``timeColumn`` must be there, each a list of the same length.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from labelcore import Attribute, ChildTagType, ObjectTagType
from labelcore_templates.tags import sample_media
from labelcore_templates.tags.common import DATA_VALUE, NAME

SAMPLE_ROWS = 24


class TimeSeries(ObjectTagType):
    name = "TimeSeries"
    description = "Plots channels of a time series; ranges are in time units."
    children = ("Channel", "MultiChannel")
    value_kinds = ("url", "object")
    attributes = {
        "name": NAME,
        "value": DATA_VALUE,
        "valueType": Attribute("enum", choices=("url", "json"), default="url"),
        "sync": Attribute(help="Name of a tag to play in sync with."),
        "cursorColor": Attribute("color"),
        "timeColumn": Attribute(help="Column with the time; row numbers if unset."),
        "timeFormat": Attribute(help="strftime format of the time column."),
        "timeDisplayFormat": Attribute(help="How times are shown."),
        "durationDisplayFormat": Attribute(),
        "sep": Attribute(default=",", help="CSV separator."),
        "overviewChannels": Attribute(help="Channels shown in the overview."),
        "overviewWidth": Attribute(default="25%"),
        "fixedScale": Attribute("boolean", default=False),
        "multiaxis": Attribute("boolean"),
    }

    def value_kinds_for(self, attributes: Mapping[str, Any]):
        return ("object",) if attributes.get("valueType") == "json" else ("url",)

    def check_data_for(self, value: Any, element: Any) -> str | None:
        if not isinstance(value, Mapping):
            return None
        wanted = [child.attributes.get("column") for child in element.children]
        wanted = [column for column in wanted if isinstance(column, str)]
        time_column = element.attribute("timeColumn")
        if time_column:
            wanted.insert(0, time_column)

        lengths = {}
        for column in wanted:
            if column not in value:
                present = ", ".join(map(repr, value)) or "none"
                return (
                    f"the column {column!r} is missing; the data has the columns "
                    f"{present}. Add it, or change the Channel or timeColumn"
                )
            if not isinstance(value[column], list):
                return f"the column {column!r} must be a list of values"
            lengths[column] = len(value[column])
        if len(set(lengths.values())) > 1:
            shown = ", ".join(f"{c!r} has {n}" for c, n in lengths.items())
            return f"every column must have the same number of values; {shown}"
        return None

    def sample_data(self, element: Any) -> Any:
        columns = [child.attributes.get("column") for child in element.children]
        columns = [column for column in columns if isinstance(column, str)]
        time_column = element.attribute("timeColumn") or "time"
        table = {time_column: list(range(SAMPLE_ROWS))}
        for number, column in enumerate(columns or ["value"]):
            table[column] = [
                round(((step * (number + 3)) % 17) / 4.0, 2)
                for step in range(SAMPLE_ROWS)
            ]
        if element.attribute("valueType") == "json":
            return table
        header = ",".join(table)
        rows = [
            ",".join(str(table[c][row]) for c in table) for row in range(SAMPLE_ROWS)
        ]
        return sample_media.data_uri("\n".join([header, *rows]).encode(), "text/csv")


def time_bounds(target: Any, value: Any) -> tuple[float, float] | None:
    """First and last time of a JSON time series with numeric times."""
    if target is None or not isinstance(value, Mapping):
        return None
    time_column = target.attribute("timeColumn")
    times = value.get(time_column) if time_column else None
    if times is None:
        lengths = [len(column) for column in value.values() if isinstance(column, list)]
        return (0.0, float(max(lengths) - 1)) if lengths else None
    numbers = [t for t in times if isinstance(t, (int, float))]
    if not numbers or len(numbers) != len(times):
        return None
    return float(min(numbers)), float(max(numbers))


CHANNEL_ATTRIBUTES = {
    "column": Attribute(required=True, help="The data column to plot."),
    "legend": Attribute(),
    "units": Attribute(),
    "displayFormat": Attribute(),
    "height": Attribute("number", minimum=0),
    "strokeColor": Attribute("color"),
    "strokeWidth": Attribute("number", minimum=0),
    "markerColor": Attribute("color"),
    "markerSize": Attribute("number", minimum=0),
    "markerSymbol": Attribute(),
    "showAxis": Attribute("boolean", default=True),
    "showYAxis": Attribute("boolean", default=True),
    "fixedScale": Attribute("boolean"),
    "dataRange": Attribute(),
    "timeRange": Attribute(),
}


class Channel(ChildTagType):
    name = "Channel"
    description = "One column of a TimeSeries, drawn as a line."
    children = ()
    attributes = CHANNEL_ATTRIBUTES


class MultiChannel(ChildTagType):
    name = "MultiChannel"
    description = "Draws several Channels of a TimeSeries on one plot."
    children = ("Channel",)
    attributes = {
        "height": Attribute("number", minimum=0),
        "showAxis": Attribute("boolean", default=True),
        "showYAxis": Attribute("boolean", default=True),
        "fixedScale": Attribute("boolean"),
    }
