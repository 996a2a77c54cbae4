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

When the counters' storage cannot be reached (Redis down), the limit fails
open: requests are served unlimited, the outage is logged once, counted in
``app.extensions["metrics"]["rate_limit_storage_errors"]``, and the storage
is tried again every ``RATELIMIT_RETRY`` seconds. Losing the limit for a
while is better than losing the API.
"""
from __future__ import annotations

import hashlib
import json
import logging
import math
import time
from collections import Counter

from limits import parse, storage, strategies

from ..security import HEADERS

log = logging.getLogger(__name__)

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
        self.metrics = app.extensions.setdefault("metrics", Counter())
        self.retry_every = float(config.get("RATELIMIT_RETRY", 30))
        self.retry_at, self.failing = float("-inf"), False

    def allowed(self, key: str) -> bool:
        """Count a hit; ``True`` also when the storage fails (fail open)."""
        now = time.monotonic()
        if now < self.retry_at:
            self.metrics["rate_limit_unchecked"] += 1
            return True
        try:
            allowed = self.limiter.hit(self.limit, key)
        except Exception as exc:  # any storage failure: serve, never fail the request
            self.retry_at = now + self.retry_every
            self.metrics["rate_limit_storage_errors"] += 1
            self.metrics["rate_limit_unchecked"] += 1
            if not self.failing:
                self.failing = True
                log.warning("API rate limit storage unreachable (%s): serving without a limit, "
                            "retrying every %.0f s", exc.__class__.__name__, self.retry_every)
            return True
        if self.failing:
            self.failing = False
            log.warning("API rate limit storage reachable again: limit restored")
        return allowed

    def retry_after(self, key: str) -> int:
        try:
            reset = self.limiter.get_window_stats(self.limit, key).reset_time
        except Exception:  # storage failed between two calls: a safe guess
            return 60
        return max(1, math.ceil(reset - time.time()))

    def key(self, environ) -> str:
        address = environ.get("REMOTE_ADDR") or "unknown"
        return hashlib.sha256(f"{self.salt}:{address}".encode()).hexdigest()[:16]

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        if (not path.startswith("/api/") or path in UNCOUNTED
                or environ.get("REQUEST_METHOD") == "OPTIONS"):
            return self.wsgi_app(environ, start_response)
        key = self.key(environ)
        if self.allowed(key):
            return self.wsgi_app(environ, start_response)
        retry = self.retry_after(key)
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
