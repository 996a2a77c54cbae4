"""HTTP finishing for dynamic responses: strong ETags, compression, 304s,
and a per-process cache of finished responses.

Every successful GET of HTML or JSON gets an ETag from a hash of its body,
is compressed with Brotli or gzip when the client accepts it, and becomes a
bodiless ``304 Not Modified`` when the client already has it.

Reader pages and API answers depend only on the published content, so the
finished bytes are kept, keyed by the content version (the last publish
event, looked up at most every ``CONTENT_VERSION_TTL`` seconds). A hit costs
a dictionary lookup instead of queries, templates and compression.
"""
from __future__ import annotations

import gzip
import hashlib
import time
from collections import OrderedDict
from threading import Lock

import brotli
from flask import Flask, Response, current_app, g, request
from werkzeug.datastructures import Headers

from .security import add_security_headers

COMPRESSIBLE = {
    "text/html",
    "application/json",
    "application/problem+json",
    "application/manifest+json",
    "text/javascript",
    "text/css",
    "text/plain",
}
MIN_SIZE = 256
CACHE_ENTRIES = 1024
CACHEABLE_BLUEPRINTS = {"web", "api", "offline", "api-docs", "api_docs"}
# Per-client headers that must never be replayed from the cache.
NOT_STORED = {"content-length", "set-cookie", "retry-after", "x-ratelimit-limit",
              "x-ratelimit-remaining", "x-ratelimit-reset"}


class LRU:
    def __init__(self, size: int):
        self.size, self.data, self.lock = size, OrderedDict(), Lock()

    def get(self, key):
        with self.lock:
            value = self.data.get(key)
            if value is not None:
                self.data.move_to_end(key)
            return value

    def put(self, key, value):
        with self.lock:
            self.data[key] = value
            self.data.move_to_end(key)
            while len(self.data) > self.size:
                self.data.popitem(last=False)


_compressed = LRU(CACHE_ENTRIES)


def _encode(body: bytes, digest: str, encoding: str) -> bytes:
    key = (digest, encoding)
    cached = _compressed.get(key)
    if cached is None:
        if encoding == "br":
            quality = 11 if len(body) < 200_000 else 5
            cached = brotli.compress(body, quality=quality)
        else:
            cached = gzip.compress(body, 9 if len(body) < 200_000 else 5, mtime=0)
        _compressed.put(key, cached)
    return cached


def _choose_encoding() -> str | None:
    accepted = request.accept_encodings
    for name in ("br", "gzip"):
        if accepted[name] > 0:
            return name
    return None


def internal_get(app: Flask, url: str, headers: dict | None = None) -> Response:
    """GET one of our own pages from inside a request, as a client would.

    A fresh application context keeps the inner request's ``g`` (cache
    state, language) apart from the outer request's.
    """
    with app.app_context():
        response = app.test_client().get(url, headers=headers or {})
        response.get_data()
        response.close()
        return response


def _content_version() -> int:
    state = current_app.extensions["http_cache"]
    now = time.monotonic()
    if now - state["checked"] > current_app.config["CONTENT_VERSION_TTL"]:
        from .read import content_version

        state["version"], state["checked"] = content_version(), now
    return state["version"]


def _cache_key():
    return (request.path, request.query_string, _choose_encoding(),
            request.headers.get("Accept", ""), _content_version())


def _not_modified(response: Response) -> Response:
    response.status_code = 304
    response.set_data(b"")
    for name in ("Content-Length", "Content-Type"):
        response.headers.pop(name, None)
    return response


def serve_cached():
    """``before_request``: answer from the cache of finished responses."""
    if (request.method not in ("GET", "HEAD") or request.blueprint not in CACHEABLE_BLUEPRINTS
            or not current_app.config["RESPONSE_CACHE"]):
        return None
    key = _cache_key()
    hit = current_app.extensions["http_cache"]["responses"].get(key)
    if hit is None:
        g.cache_key = key
        return None
    headers, body, etag = hit
    g.from_cache = True
    response = Response(body)
    response.headers = headers.copy()
    if etag in request.if_none_match or request.if_none_match.star_tag:
        return _not_modified(response)
    return response


def _store(response: Response, etag: str) -> None:
    key = g.pop("cache_key", None)
    if key is None:
        return
    headers = Headers([(k, v) for k, v in response.headers.items() if k.lower() not in NOT_STORED])
    current_app.extensions["http_cache"]["responses"].put(key, (headers, response.get_data(), etag))


def finalize(response: Response) -> Response:
    """``after_request``: ETag, compression and conditional answer."""
    if g.get("from_cache"):
        return response
    if (
        request.method not in ("GET", "HEAD")
        or response.direct_passthrough
        or response.mimetype not in COMPRESSIBLE
        or "Content-Encoding" in response.headers
    ):
        return response
    body = response.get_data()
    digest = hashlib.sha256(body).hexdigest()[:32]
    encoding = _choose_encoding() if len(body) >= MIN_SIZE else None
    response.vary.add("Accept-Encoding")
    if response.status_code != 200:
        # Error pages: compressed, but neither tagged nor conditional.
        if encoding is not None:
            response.set_data(_encode(body, digest, encoding))
            response.headers["Content-Encoding"] = encoding
        return response
    etag = digest if encoding is None else f"{digest}-{encoding}"
    response.set_etag(etag)
    if encoding is not None:
        response.set_data(_encode(body, digest, encoding))
        response.headers["Content-Encoding"] = encoding
    _store(response, etag)
    if etag in request.if_none_match or request.if_none_match.star_tag:
        return _not_modified(response)
    return response


def init_app(app: Flask) -> None:
    """Call last in ``create_app``: the cache must answer after the rate
    limiter has counted the request."""
    app.config.setdefault("RESPONSE_CACHE", True)
    app.config.setdefault("CONTENT_VERSION_TTL", 1.0)
    app.extensions["http_cache"] = {
        "responses": LRU(app.config.get("RESPONSE_CACHE_ENTRIES", 2048)),
        "version": None, "checked": float("-inf"),
    }
    app.before_request(serve_cached)
    app.after_request(finalize)
    # Registered after finalize, so it runs before it: cached responses keep
    # their security headers and need no work on a hit.
    app.after_request(add_security_headers)
