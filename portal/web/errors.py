"""Error pages: localized HTML for readers, never a stack trace."""
from __future__ import annotations

from flask import g, request
from werkzeug.exceptions import HTTPException

from ..i18n import LANGUAGES, SOURCE_LANGUAGE
from .pages import page


def _error_page(error: HTTPException):
    if getattr(g, "lang", None) not in LANGUAGES:
        # No route matched: speak the path's language if it names one.
        prefix = request.path.strip("/").split("/", 1)[0]
        g.lang = prefix if prefix in LANGUAGES else SOURCE_LANGUAGE
    response = page("error.html", status=error.code, error=error)
    response.headers["Cache-Control"] = "no-store"
    return response


def register_error_handlers(app) -> None:
    for code in (400, 404, 405, 413, 500):
        app.register_error_handler(code, _error_page)
