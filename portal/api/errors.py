"""One JSON error shape for every API failure:
``{"error": {"code": "...", "message": "...", "details": {...}}}``."""
from __future__ import annotations

from flask import jsonify
from werkzeug.exceptions import HTTPException

CODES = {
    400: ("invalid_request", "The request is not valid."),
    404: ("not_found", "Nothing exists at this address."),
    405: ("method_not_allowed", "This API is read-only: use GET or HEAD."),
    406: ("not_acceptable", "This API answers in application/json only."),
    413: ("too_large", "The request is too large."),
    429: ("rate_limited", "Too many requests: slow down and retry later."),
    500: ("internal_error", "The server had a problem; it has been logged."),
}
# Every code the API answers with: the ``code`` enum of the error schema.
ERROR_CODES = sorted({
    *(code for code, _ in CODES.values()),
    "invalid_parameters", "invalid_cursor", "guide_not_found", "language_not_found", "topic_not_found", "term_not_found",
    "service_point_not_found", "programme_not_found", "session_not_found",
})


def _fallback(status: int) -> tuple[str, str]:
    """Statuses without a code of their own share one, so the enum is closed."""
    if status in CODES:
        return CODES[status]
    return CODES[500] if status >= 500 else CODES[400]


class ApiError(HTTPException):
    """An API failure with a stable code and optional details."""

    def __init__(self, status: int, code: str, message: str, details: dict | None = None):
        super().__init__(message)
        self.code = status
        self.error_code, self.message, self.details = code, message, details or {}


def json_error(error: HTTPException):
    status = error.code or 500
    code, message = _fallback(status)
    details = {}
    if isinstance(error, ApiError):
        code, message, details = error.error_code, error.message, error.details
    elif getattr(error, "data", None) and "messages" in error.data:
        # webargs validation: {"query": {"field": ["message"]}}
        code, message = "invalid_parameters", "Some parameters are not valid."
        details = {
            field: messages
            for location in error.data["messages"].values()
            for field, messages in location.items()
        }
    response = jsonify({"error": {"code": code, "message": message, "details": details}})
    response.status_code = status
    response.headers["Cache-Control"] = "no-store"
    if status == 405 and getattr(error, "valid_methods", None):
        response.headers["Allow"] = ", ".join(error.valid_methods)
    return response
