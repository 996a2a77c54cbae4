"""What the OpenAPI document says beyond the schemas: response headers,
conditional requests, typed errors, HEAD operations and the ``Lang`` enum.

Everything here is generated into ``/api/v1/openapi.json`` by flask-smorest
and apispec from the decorators on the views, so the document cannot drift
from what the handlers register. Headers are declared only where the
server sends them (see :mod:`portal.http` and :mod:`portal.api.http`).
"""
from __future__ import annotations

from copy import deepcopy

from apispec import BasePlugin

HEADERS = {
    "ETag": {
        "description": "Strong tag of this body in this encoding (\"<hash>\", \"<hash>-br\" or "
        "\"<hash>-gzip\"); send it back in If-None-Match.",
        "schema": {"type": "string"},
        "required": True,
    },
    "Cache-Control": {
        "description": "public, max-age=0, s-maxage=60, must-revalidate on success; no-store on errors.",
        "schema": {"type": "string"},
        "required": True,
    },
    "Last-Modified": {
        "description": "HTTP date of the last change (see the partner guide); If-Modified-Since is not used.",
        "schema": {"type": "string"},
        "required": True,
    },
    "Link": {
        "description": "RFC 8288 links to the next and previous pages (rel=\"next\", rel=\"prev\"), "
        "when there are any.",
        "schema": {"type": "string"},
    },
    "X-Total-Count": {
        "description": "Number of guides matching the filters, on all pages.",
        "schema": {"type": "integer", "minimum": 0},
        "required": True,
    },
    "Retry-After": {
        "description": "Seconds to wait before the next request.",
        "schema": {"type": "integer", "minimum": 1},
        "required": True,
    },
}

IF_NONE_MATCH = {
    "name": "If-None-Match",
    "in": "header",
    "required": False,
    "description": "The ETag you stored. If the response would be the same, the answer is 304 "
    "with no body. Stale, malformed or weak tags get an ordinary 200.",
    "schema": {"type": "string", "maxLength": 8000},
}

# Responses shared by every operation, named as flask-smorest names them.
RESPONSES = {
    "NOT_MODIFIED": {"description": "Not Modified: your copy (If-None-Match) is current. No body.",
                     "headers": {"ETag": "ETag", "Cache-Control": "Cache-Control"}},
    "BAD_REQUEST": {"description": "A parameter is unknown, repeated or invalid "
                    "(invalid_parameters), or a cursor was not issued by this feed (invalid_cursor).",
                    "error": True},
    "NOT_FOUND": {"description": "Nothing by that name is published (guide_not_found, "
                  "topic_not_found, term_not_found, service_point_not_found, programme_not_found, "
                  "session_not_found, language_not_found).", "error": True},
    "NOT_ACCEPTABLE": {"description": "The Accept header rules out application/json (not_acceptable).",
                       "error": True},
    "TOO_MANY_REQUESTS": {"description": "Rate limit reached (rate_limited); wait Retry-After seconds.",
                          "error": True, "headers": {"Retry-After": "Retry-After"}},
}
ERROR_HEADERS = {"Cache-Control": "Cache-Control"}
ERRORS = {400: "BAD_REQUEST", 404: "NOT_FOUND", 406: "NOT_ACCEPTABLE", 429: "TOO_MANY_REQUESTS"}


def success_headers(*extra: str) -> dict:
    """The headers of a 200: ETag and Cache-Control always, then ``extra``."""
    return {name: name for name in ("ETag", "Cache-Control", *extra)}


def register_components(api) -> None:
    """Headers, the If-None-Match parameter and the shared responses."""
    from .schemas import Error

    components = api.spec.components
    for name, header in HEADERS.items():
        components.header(name, deepcopy(header))
    components.parameter("IF_NONE_MATCH", "header", deepcopy(IF_NONE_MATCH))
    for name, spec in RESPONSES.items():
        response = {"description": spec["description"]}
        headers = {**(ERROR_HEADERS if spec.get("error") else {}), **spec.get("headers", {})}
        if headers:
            response["headers"] = headers
        if spec.get("error"):
            response["content"] = {api.DEFAULT_RESPONSE_CONTENT_TYPE: {"schema": Error}}
        components.response(name, response, lazy=True)


def cacheable(bp, *errors: int):
    """Decorator: the 304 and the typed errors an operation can answer with."""
    def decorator(func):
        func = bp.alt_response(304, response="NOT_MODIFIED")(func)
        for status in (400, *errors, 406, 429):
            func = bp.alt_response(status, response=ERRORS[status])(func)
        return func
    return decorator


class HeadOperations(BasePlugin):
    """Document HEAD, which every GET of the API also answers: the same
    parameters and statuses, no bodies, and its own operationId."""

    def operation_helper(self, path=None, operations=None, **kwargs):
        head = (operations or {}).get("head")
        if head is None:
            return
        name = head["operationId"].removeprefix("get_").removeprefix("list_")
        head["operationId"] = f"head_{name}"
        head["summary"] = f"Headers only: {head.get('summary', '')}".strip()
        head.pop("description", None)
        responses = {}
        for status, response in head.get("responses", {}).items():
            if isinstance(response, str):
                spec = RESPONSES[response]
                headers = {**(ERROR_HEADERS if spec.get("error") else {}), **spec.get("headers", {})}
                response = {"description": spec["description"], "headers": headers}
            else:
                response = {k: v for k, v in response.items() if k != "content"}
            responses[status] = response
        head["responses"] = responses
