"""The ``example_sampler`` plugin: short texts first, so a new annotator
warms up on quick tasks before the long ones.

A sampler gets the candidate tasks as a SQLAlchemy select and returns it
ordered; the core adds the limit, the row locks and the rest of the stream's
rules. Ordering by an expression over ``data`` reads every candidate, so the
sampler says its cost is a scan.
"""

from __future__ import annotations

import sqlalchemy as sa

from labelcore import Sampler, SamplingContext, hookimpl


class ShortestFirst(Sampler):
    name = "shortest_first"
    title = "Shortest texts first"
    description = (
        "Tasks whose text is shortest come first. It sorts the candidates by "
        "the length of a data field, so each request reads all of them: fine "
        "for projects of a few thousand tasks."
    )
    parameters = {
        "field": {
            "type": "string",
            "default": "text",
            "pattern": "^[A-Za-z0-9_]+$",
            "description": "The data key whose length orders the tasks.",
        }
    }
    cost = "scan"

    def order(self, candidates, context: SamplingContext):
        task = context.task
        text = task.data[context.parameters["field"]].as_string()
        return candidates.order_by(sa.func.length(text), task.inner_id)


@hookimpl
def register_samplers():
    return [ShortestFirst()]
