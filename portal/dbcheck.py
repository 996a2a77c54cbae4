"""A clear answer when the database has not been migrated.

Without this, the first request of a fresh deployment fails deep inside a
query with a 500 and a traceback. Instead every request is answered ``503``
with the one command that fixes it, and the log says the same once, until
the tables exist; then the check costs nothing.
"""
from __future__ import annotations

import logging

import sqlalchemy as sa
from flask import Flask, Response, current_app, request
from sqlalchemy.exc import SQLAlchemyError

from .extensions import db

log = logging.getLogger(__name__)
# Answers that read no table: they are served even before the first migration
# (tooling fetches the API contract from a bare deployment).
NO_DATABASE = frozenset({
    "static", "web.robots", "web.favicon", "api-docs.openapi_json",
    "api_docs.reference", "api_docs.guide",
})
UPGRADE_COMMAND = "flask --app wsgi db upgrade"
MESSAGE = (
    "Acolher: the database has not been set up (its tables are missing). "
    f"Create them with: {UPGRADE_COMMAND}"
)


def tables_missing() -> list[str]:
    """Names of the models' tables the database lacks."""
    inspector = sa.inspect(db.engine)
    return [name for name in db.metadata.tables if not inspector.has_table(name)]


def require_schema() -> Response | None:
    """``before_request``: answer 503 while the schema is missing."""
    app = current_app._get_current_object()
    if app.extensions.get("schema_ready") or request.endpoint in NO_DATABASE:
        return None
    try:
        missing = tables_missing()
    except SQLAlchemyError as error:
        log.error("Acolher: cannot reach the database (%s).", error.__class__.__name__)
        return _unavailable("Acolher: the database cannot be reached. Check DATABASE_URL.")
    if missing:
        if not app.extensions.get("schema_warned"):
            log.error("%s (missing: %s)", MESSAGE, ", ".join(sorted(missing)))
            app.extensions["schema_warned"] = True
        return _unavailable(MESSAGE)
    app.extensions["schema_ready"] = True
    return None


def _unavailable(message: str) -> Response:
    response = Response(message + "\n", status=503, mimetype="text/plain")
    response.headers["Retry-After"] = "30"
    response.headers["Cache-Control"] = "no-store"
    return response


def init_app(app: Flask) -> None:
    app.before_request(require_schema)
