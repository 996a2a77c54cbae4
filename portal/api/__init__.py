"""Content API v1 for partner platforms: read-only JSON under /api/v1.

OpenAPI is generated from the marshmallow schemas by flask-smorest; errors
have one shape everywhere (see :mod:`portal.api.errors`).
"""
from __future__ import annotations

from flask import Flask, request
from flask_smorest import Api
from flask_smorest import Blueprint as SmorestBlueprint
from marshmallow import RAISE
from webargs.flaskparser import FlaskParser

from .errors import ApiError
from .schemas import Error


class StrictParser(FlaskParser):
    """Query parameters: unknown ones and bad values are a 400."""

    DEFAULT_VALIDATION_STATUS = 400
    DEFAULT_UNKNOWN_BY_LOCATION = {
        **FlaskParser.DEFAULT_UNKNOWN_BY_LOCATION, "query": RAISE, "querystring": RAISE,
    }


class Blueprint(SmorestBlueprint):
    ARGUMENTS_PARSER = StrictParser()


class PortalApi(Api):
    """flask-smorest's Api, with our error shape and our error handlers."""

    ERROR_SCHEMA = Error

    def _register_error_handlers(self):
        # Errors are answered by portal.web.errors, which sends API paths
        # to portal.api.errors: one handler set for the whole application.
        pass


bp = Blueprint(
    "api", __name__, url_prefix="/api/v1",
    description="Guides, topics and languages of Acolher, with delta sync and offline packs.",
)
api = PortalApi()

API_CONFIG = {
    "API_TITLE": "Acolher content API",
    "API_VERSION": "v1",
    "OPENAPI_VERSION": "3.1.0",
    "OPENAPI_URL_PREFIX": "/api/v1",
    "OPENAPI_JSON_PATH": "openapi.json",
    "API_SPEC_OPTIONS": {
        "info": {
            "description": "Read-only content of Acolher for partner platforms. "
            "Every GET has a strong ETag; send If-None-Match to get 304. "
            "Sync incrementally with /changes. See docs/api.md.",
            "license": {"name": "CC BY 4.0", "identifier": "CC-BY-4.0"},
        },
        "servers": [{"url": "/"}],
    },
}


@bp.before_request
def require_json_acceptable():
    if request.accept_mimetypes and request.accept_mimetypes.best_match(
        ["application/json"]
    ) is None:
        raise ApiError(406, "not_acceptable", "This API answers in application/json only.")


CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
    "Access-Control-Allow-Headers": "If-None-Match",
    "Access-Control-Expose-Headers": (
        "ETag, Last-Modified, Link, X-Total-Count, Retry-After"
    ),
    "Access-Control-Max-Age": "86400",
}


def api_headers(response):
    """Every answer under /api/, errors and the OpenAPI document included,
    is readable from any origin."""
    if not request.path.startswith("/api/"):
        return response
    response.headers.update(CORS_HEADERS)
    if response.status_code < 400:
        response.headers.setdefault("Cache-Control", "public, max-age=0, s-maxage=60, must-revalidate")
    return response


def init_app(app: Flask) -> None:
    for key, value in API_CONFIG.items():
        app.config.setdefault(key, value)
    from . import glossary, views  # noqa: F401  (routes)

    api.init_app(app)
    api.register_blueprint(bp)
    app.after_request(api_headers)
    app.extensions["api_cors"] = CORS_HEADERS
    from .docs import docs_bp

    app.register_blueprint(docs_bp)
