"""JSON in and out of every request with orjson.

Flask's own provider runs the standard library's encoder with sorted keys:
for a task with its data, annotations and predictions that was a tenth of
the label stream's time. Keys keep the order the payloads build them in,
as Label Studio's answers do. Types orjson does not know (and datetimes,
which Flask writes as HTTP dates) go to Flask's own conversion.
"""

from __future__ import annotations

from typing import Any

import orjson
from flask.json.provider import DefaultJSONProvider

_OPTIONS = orjson.OPT_NON_STR_KEYS | orjson.OPT_PASSTHROUGH_DATETIME


class OrjsonProvider(DefaultJSONProvider):
    sort_keys = False

    def dumps(self, obj: Any, **kwargs: Any) -> str:
        return orjson.dumps(obj, default=self.default, option=_OPTIONS).decode()

    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        return orjson.loads(s)

    def response(self, *args: Any, **kwargs: Any):
        value = self._prepare_response_obj(args, kwargs)
        body = orjson.dumps(value, default=self.default, option=_OPTIONS)
        # Flask's answers end with a new line, which curl users expect.
        return self._app.response_class(body + b"\n", mimetype=self.mimetype)
