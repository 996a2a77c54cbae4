"""Error answers for the whole application: localized HTML pages for
readers, the JSON error shape under /api/. Never a stack trace."""
from __future__ import annotations

from flask import Response, g, request
from flask.globals import request_ctx
from werkzeug.exceptions import HTTPException

from ..i18n import LANGUAGES, SOURCE_LANGUAGE
from .pages import page


def _error_page(error: HTTPException):
    if request_ctx.url_adapter is None:
        # The Host is not in TRUSTED_HOSTS: no URL can be built for it.
        return Response("Bad request: unknown host.\n", status=error.code or 400, mimetype="text/plain",
                        headers={"Cache-Control": "no-store"})
    if getattr(g, "lang", None) not in LANGUAGES:
        # No route matched: speak the path's language if it names one.
        prefix = request.path.strip("/").split("/", 1)[0]
        g.lang = prefix if prefix in LANGUAGES else SOURCE_LANGUAGE
    g.error_page = True
    response = page("error.html", status=error.code, error=error)
    response.headers["Cache-Control"] = "no-store"
    if error.code == 405 and getattr(error, "valid_methods", None):
        response.headers["Allow"] = ", ".join(error.valid_methods)
    return response


def handle_http_error(error: HTTPException):
    if request.path.startswith("/api/"):
        from ..api.errors import json_error

        return json_error(error)
    if error.code == 404 and request_ctx.url_adapter is not None:
        from ..editor import in_workspace

        if in_workspace(request.path):  # an address under /editor/ that no route knows
            from ..editor.views import not_found

            return not_found(error)
    return _error_page(error)


def register_error_handlers(app) -> None:
    app.register_error_handler(HTTPException, handle_http_error)
