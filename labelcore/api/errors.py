"""One JSON shape for every error the API answers.

``{"status_code", "detail", "validation_errors": {field: [messages]}}``,
the shape Label Studio's clients already read, plus any extra keys an error
carries (``issues`` with line and column for a label config, ``code`` for a
machine-readable reason).

The OpenAPI document says so too: its ``Error`` schema is this shape, and
every operation lists the error statuses LabelCore answers with it, so a
client generated from the document (and schemathesis) reads errors right.
"""

from __future__ import annotations

import logging
import uuid
from typing import Any

import marshmallow as ma
from flask import Flask, jsonify, request
from werkzeug.exceptions import HTTPException

log = logging.getLogger(__name__)


class ApiError(Exception):
    def __init__(
        self,
        status: int,
        detail: str,
        validation_errors: dict[str, list[str]] | None = None,
        **extra: Any,
    ):
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.validation_errors = validation_errors
        self.extra = extra

    def payload(self) -> dict[str, Any]:
        body: dict[str, Any] = {"status_code": self.status, "detail": self.detail}
        if self.validation_errors:
            body["validation_errors"] = self.validation_errors
        body.update(self.extra)
        return body


def not_found(what: str, key: Any) -> ApiError:
    return ApiError(404, f"{what} {key} was not found.", code="not_found")


def invalid(field: str, *messages: str, detail: str | None = None, **extra) -> ApiError:
    return ApiError(
        400,
        detail or f"Invalid {field}: {messages[0]}",
        {field: list(messages)},
        **extra,
    )


def _answer(error: ApiError):
    response = jsonify(error.payload())
    response.status_code = error.status
    return response


def _http_error(error: HTTPException):
    response = _http_error_answer(error)
    # The exception's own headers say what the status needs said: the
    # length behind a 416 (Content-Range), the methods behind a 405 (Allow).
    for name, value in error.get_headers():
        if name.lower() not in {"content-type", "content-length"}:
            response.headers[name] = value
    return response


def _http_error_answer(error: HTTPException):
    if error.code == 422 and getattr(error, "data", None):
        messages = error.data.get("messages", {})
        flat: dict[str, list[str]] = {}
        for location in messages.values():
            for field, problems in location.items():
                flat[field] = _flatten(problems)
        first = next(iter(flat.items()), ("request", ["is invalid"]))
        return _answer(
            ApiError(400, f"Invalid {first[0]}: {first[1][0]}", flat or None)
        )
    if error.code == 413:
        return _answer(
            ApiError(
                413,
                "The request body is larger than this server accepts "
                "(LABELCORE_MAX_UPLOAD_BYTES); split the file or raise the limit.",
            )
        )
    if error.code == 405:
        return _answer(
            ApiError(405, f"Method {request.method} is not allowed on {request.path}.")
        )
    if error.code == 404:
        return _answer(
            ApiError(404, f"Nothing is at {request.path}.", code="not_found")
        )
    return _answer(ApiError(error.code or 500, error.description or error.name))


def _flatten(problems: Any) -> list[str]:
    if isinstance(problems, list):
        return [str(problem) for problem in problems]
    if isinstance(problems, dict):
        return [
            f"{key}: {', '.join(_flatten(value))}" for key, value in problems.items()
        ]
    return [str(problems)]


def _unexpected(error: Exception):
    reference = uuid.uuid4().hex[:12]
    log.error(
        "Unexpected error %s on %s %s",
        reference,
        request.method,
        request.path,
        exc_info=error,
    )
    return _answer(
        ApiError(
            500,
            f"The server failed on this request (reference {reference}); "
            f"the server log has the details.",
        )
    )


class ErrorSchema(ma.Schema):
    """The body of every error answer, as the OpenAPI document describes it."""

    class Meta:
        # An error may carry keys of its own (``issues``, ``retry_after``).
        unknown = ma.INCLUDE

    status_code = ma.fields.Integer(
        required=True, metadata={"description": "The HTTP status, repeated."}
    )
    detail = ma.fields.String(
        required=True,
        metadata={"description": "A sentence: what was wrong and how to fix it."},
    )
    validation_errors = ma.fields.Dict(
        keys=ma.fields.String(),
        values=ma.fields.List(ma.fields.String()),
        metadata={"description": "For a 400: each invalid field with its messages."},
    )
    code = ma.fields.String(
        metadata={"description": "A machine-readable reason, such as 'not_found'."}
    )


ERROR_STATUSES = {
    400: "The request is invalid; `validation_errors` names the fields.",
    401: "No valid credentials were sent.",
    403: "The object is visible, but the caller's role forbids this action.",
    404: "Nothing the caller can see is there.",
    409: "The request conflicts with the object's current state.",
}
BODY_ERROR_STATUSES = {
    413: "The request body is larger than LABELCORE_MAX_UPLOAD_BYTES.",
}
RATE_LIMITED_PATHS = {"/api/auth/login", "/user/login"}
HTTP_METHODS = {"get", "put", "post", "patch", "delete"}


def document_error_shape(app: Flask) -> None:
    """Make the app's OpenAPI document describe the answers LabelCore gives.

    flask-smorest documents its own error body as every operation's
    ``default`` response; LabelCore answers errors in one other shape, and
    its views document no success body. Each operation gets instead a
    ``2XX`` success whose body the document does not constrain and the
    error statuses above, each with :class:`ErrorSchema`; any other status
    breaks the document, so a check of status codes means something.
    """
    extension = app.extensions.get("flask-smorest", {})
    for entry in extension.get("apis", {}).values():
        api = entry["ext_obj"]
        api.spec.components.schemas["Error"] = (
            api.ma_plugin.converter.schema2jsonschema(ErrorSchema)
        )
        # flask-smorest has registered the paths by now; the spec offers no
        # public way to amend an operation once registered.
        for path, operations in api.spec._paths.items():
            for method, operation in operations.items():
                if method in HTTP_METHODS:
                    operation["responses"] = _responses(path, method, operation)


def _responses(path: str, method: str, operation: dict) -> dict:
    documented = {
        status: response
        for status, response in operation.get("responses", {}).items()
        if status != "default"
    }
    if not any(str(status).startswith("2") for status in documented):
        documented["2XX"] = {"description": "Success."}

    errors = dict(ERROR_STATUSES)
    if method in {"put", "post", "patch"}:
        errors.update(BODY_ERROR_STATUSES)
    if path.rstrip("/") in RATE_LIMITED_PATHS:
        errors[429] = "Too many login attempts; `retry_after` says when to retry."
    for status, description in errors.items():
        documented[str(status)] = {
            "description": description,
            "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}
            },
        }
    return documented


def json_request(properties: dict[str, dict], required: tuple[str, ...] = ()) -> dict:
    """``@blp.doc(**json_request({...}))``: the JSON body a view reads with
    ``json_body()`` itself, described for the OpenAPI document (and so for
    schemathesis, which sends bodies of that shape and beyond)."""
    schema: dict[str, Any] = {"type": "object", "properties": properties}
    if required:
        schema["required"] = list(required)
    return {
        "requestBody": {
            "required": bool(required),
            "content": {"application/json": {"schema": schema}},
        }
    }


def register_error_handlers(app: Flask) -> None:
    app.register_error_handler(ApiError, _answer)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _unexpected)
    document_error_shape(app)
