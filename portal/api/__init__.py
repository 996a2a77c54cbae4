"""Content API v1 for partner platforms: read-only JSON under /api/v1.

OpenAPI is generated from the marshmallow schemas and the decorators of
:mod:`portal.api.contract` by flask-smorest; errors have one shape
everywhere (see :mod:`portal.api.errors`).
"""
from __future__ import annotations

from flask import Flask, request
from flask_smorest import Api
from flask_smorest import Blueprint as SmorestBlueprint
from marshmallow import RAISE
from webargs.flaskparser import FlaskParser

from . import contract
from .errors import ApiError
from .schemas import COMPONENTS, EnumRef, Error, enum_component


class StrictParser(FlaskParser):
    """Query parameters: unknown ones and bad values are a 400."""

    DEFAULT_VALIDATION_STATUS = 400
    DEFAULT_UNKNOWN_BY_LOCATION = {
        **FlaskParser.DEFAULT_UNKNOWN_BY_LOCATION, "query": RAISE, "querystring": RAISE,
    }


class Blueprint(SmorestBlueprint):
    ARGUMENTS_PARSER = StrictParser()


TAGS = [
    {"name": "languages", "description": "The 12 languages and how much of the content each covers."},
    {"name": "topics", "description": "Groups of guides, with titles per language."},
    {"name": "guides", "description": "Guides: summaries, paginated, and each guide in detail."},
    {"name": "changes", "description": "The change feed, for incremental sync."},
    {"name": "offline-packs", "description": "Manifests for saving reader pages offline."},
    {"name": "translations", "description": "Where translators are needed, per language."},
    {"name": "search", "description": "Search in every language and script, as on the search page."},
]


class PortalApi(Api):
    """flask-smorest's Api, with our error shape, our error handlers and the
    shared components of :mod:`portal.api.contract`."""

    ERROR_SCHEMA = Error
    DEFAULT_ERROR_RESPONSE_NAME = None  # no catch-all: every status is declared

    def _register_error_handlers(self):
        # Errors are answered by portal.web.errors, which sends API paths
        # to portal.api.errors: one handler set for the whole application.
        pass

    def _register_responses(self):
        for name, schema in COMPONENTS.items():
            self.spec.components.schema(name, dict(schema))
        self.ma_plugin.converter.add_attribute_function(enum_component)
        contract.register_components(self)

    def _register_etag_headers(self):
        pass  # ETags are computed by portal.http; declared in contract

    def _register_pagination_header(self):
        pass  # pagination is described by GuideList, Link and X-Total-Count

    def register_blueprint(self, blp, *, parameters=None, **options):
        """As flask-smorest's, with our tags instead of one per blueprint."""
        name = options.get("name", blp.name)
        self._app.extensions["flask-smorest"]["blp_name_to_api"][name] = self
        self._app.register_blueprint(blp, **options)
        blp.register_views_in_doc(self, self._app, self.spec, name=name, parameters=parameters)
        for tag in TAGS:
            self.spec.tag(dict(tag))


bp = Blueprint("api", __name__, url_prefix="/api/v1")
api = PortalApi(spec_kwargs={"extra_plugins": [contract.HeadOperations()]})
api.register_field(EnumRef, None, None)  # typed by its component reference

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
            "Sync incrementally with /api/v1/changes. The sync guide is at /api/v1/docs/guide.",
            "license": {"name": "CC BY 4.0", "identifier": "CC-BY-4.0"},
        },
        "servers": [{"url": "/"}],
    },
}


@bp.before_request
def check_request():
    """406 unless JSON is acceptable; 400 for a query parameter given twice
    (``?lang=pt&lang=xx`` must not quietly mean ``pt``)."""
    if request.accept_mimetypes and request.accept_mimetypes.best_match(
        ["application/json", "application/geo+json"]
    ) is None:
        raise ApiError(406, "not_acceptable", "This API answers in application/json only.")
    repeated = sorted(name for name, values in request.args.lists() if len(values) > 1)
    if repeated:
        raise ApiError(400, "invalid_parameters", "Some parameters are not valid.",
                       {name: ["Give this parameter once."] for name in repeated})


CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
    "Access-Control-Allow-Headers": "If-None-Match",
    # Exactly the response headers the API sends beyond the safelisted ones
    # (plus Last-Modified, safelisted but named for clarity).
    "Access-Control-Expose-Headers": "ETag, Last-Modified, Link, X-Total-Count, Retry-After",
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
    from . import courses, glossary, search, services, translations, views  # noqa: F401  (routes)

    api.init_app(app)
    api.register_blueprint(bp)
    app.after_request(api_headers)
    app.extensions["api_cors"] = CORS_HEADERS
    from .docs import docs_bp

    app.register_blueprint(docs_bp)
