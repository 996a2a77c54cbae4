"""Rate limits for the API, so one misbehaving client cannot starve partners.

A small WSGI middleware in front of the application, built on the ``limits``
library: it counts every request under /api/ (answered from the response
cache or not), except the OpenAPI document and the documentation pages, and
answers ``429`` in the API's error shape.

Clients are told apart by a salted hash of their address, never the address
itself. Behind a reverse proxy set ``FLASK_PROXY_FIX_X_FOR`` (the number of
proxies) so the address is the client's, not the proxy's. Counters live in
memory for one process; set ``RATELIMIT_STORAGE_URI=redis://...`` so that
several processes share them.
"""
from __future__ import annotations

import hashlib
import json
import math
import time

from limits import parse, storage, strategies

from ..security import HEADERS

# Documentation, fetched over and over by tooling, does not count.
UNCOUNTED = frozenset({"/api/v1/openapi.json", "/api/v1/docs", "/api/v1/docs/guide"})


class RateLimit:
    def __init__(self, app, wsgi_app):
        config = app.config
        self.wsgi_app = wsgi_app
        self.limit = parse(config["API_RATE_LIMIT"])
        self.limiter = strategies.FixedWindowRateLimiter(
            storage.storage_from_string(config["RATELIMIT_STORAGE_URI"]))
        self.salt = config["SECRET_KEY"]
        self.cors = None  # filled in by portal.api.init_app

    def key(self, environ) -> str:
        address = environ.get("REMOTE_ADDR") or "unknown"
        return hashlib.sha256(f"{self.salt}:{address}".encode()).hexdigest()[:16]

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        if (not path.startswith("/api/") or path in UNCOUNTED
                or environ.get("REQUEST_METHOD") == "OPTIONS"):
            return self.wsgi_app(environ, start_response)
        key = self.key(environ)
        if self.limiter.hit(self.limit, key):
            return self.wsgi_app(environ, start_response)
        reset = self.limiter.get_window_stats(self.limit, key).reset_time
        retry = max(1, math.ceil(reset - time.time()))
        body = json.dumps({"error": {
            "code": "rate_limited",
            "message": "Too many requests: slow down and retry later.",
            "details": {"retry_after": retry},
        }}).encode()
        headers = [("Content-Type", "application/json"), ("Content-Length", str(len(body))),
                   ("Retry-After", str(retry)), ("Cache-Control", "no-store"),
                   *HEADERS.items(), *(self.cors or {}).items()]
        start_response("429 TOO MANY REQUESTS", headers)
        return [body]


def init_app(app) -> None:
    limiter = RateLimit(app, app.wsgi_app)
    limiter.cors = app.extensions.get("api_cors")
    app.wsgi_app = limiter
