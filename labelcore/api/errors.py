"""One JSON shape for every error the API answers.

``{"status_code", "detail", "validation_errors": {field: [messages]}}``,
the shape Label Studio's clients already read, plus any extra keys an error
carries (``issues`` with line and column for a label config, ``code`` for a
machine-readable reason).
"""

from __future__ import annotations

import logging
import uuid
from typing import Any

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


def register_error_handlers(app: Flask) -> None:
    app.register_error_handler(ApiError, _answer)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _unexpected)
