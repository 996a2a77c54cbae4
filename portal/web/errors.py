"""Error pages: localized HTML for readers, never a stack trace."""
from __future__ import annotations

from flask import g
from werkzeug.exceptions import HTTPException

from ..i18n import LANGUAGES, SOURCE_LANGUAGE
from .pages import page


def _error_page(error: HTTPException):
    if getattr(g, "lang", None) not in LANGUAGES:
        g.lang = SOURCE_LANGUAGE
    response = page("error.html", status=error.code, error=error)
    response.headers["Cache-Control"] = "no-store"
    return response


def register_error_handlers(app) -> None:
    for code in (400, 404, 405, 413, 500):
        app.register_error_handler(code, _error_page)
