"""HTTP finishing for dynamic responses: strong ETags, compression, 304s,
and a per-process cache of finished responses.

Every successful GET of HTML or JSON gets an ETag from a hash of its body,
is compressed with Brotli or gzip when the client accepts it, and becomes a
bodiless ``304 Not Modified`` when the client already has it.

Reader pages and API answers depend only on the published content, so
:class:`ResponseCache`, a WSGI middleware in front of Flask, keeps their
finished bytes keyed by the content version (:mod:`portal.read.version`, looked
up at most every ``CONTENT_VERSION_TTL`` seconds). A hit costs a dictionary
lookup instead of routing, queries, templates and compression. Reader pages
are kept without their query string (only the filter pages of the directory
and the courses read one), so random query strings cannot fill the cache;
pages that say whether a place is open now are also keyed by the minute;
searches with a query and requests for a host outside ``TRUSTED_HOSTS`` go
past it to Flask.
"""
from __future__ import annotations

import gzip
import hashlib
import re
import time
from collections import OrderedDict
from threading import Lock
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import brotli
from flask import Flask, Response, g, request
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import SecurityError
from werkzeug.http import parse_accept_header, parse_etags
from werkzeug.wsgi import get_host

from .security import add_security_headers

# The directory: its list reads a filter query; its pages and API answers
# say whether a place is open now.
QUERY_PAGES = re.compile(r"^/[a-z]{2,3}/services$")
TIMED_PAGES = re.compile(r"^/[a-z]{2,3}/(services|help)(/|$)|^/api/v1/service-points")
MAX_CACHED_QUERY = 512  # longer queries are answered, not kept

COMPRESSIBLE = {
    "text/html",
    "text/calendar",
    "application/json",
    "application/geo+json",
    "application/problem+json",
    "application/manifest+json",
    "text/javascript",
    "text/css",
    "text/plain",
}
MIN_SIZE = 256
CACHEABLE_BLUEPRINTS = {"web", "api", "offline", "api-docs", "api_docs"}
NOT_STORED = {"set-cookie"}
VERSION_ENVIRON = "acolher.content_version"
# Reader pages whose query string is a form of filters (the courses list and
# a programme's sessions), and the names of those filters.
READER_QUERY_PAGES = re.compile(r"^/[a-z]{2}/courses(/[a-z0-9-]+)?/?$")
READER_QUERY_NAMES = frozenset(
    ("audience", "kind", "level", "format", "district", "municipality", "language", "within", "page"))


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


_compressed = LRU(1024)


def _brotli_quality(body: bytes, mimetype: str) -> int:
    """Readers' pages get the smallest bytes (they pay for data, and a page is
    compressed once per publish thanks to the response cache); larger JSON
    gets a quicker setting that is within about 15% of it."""
    if mimetype == "text/html" and len(body) < 64_000:
        return 11
    return 5


def _encode(body: bytes, digest: str, encoding: str, mimetype: str = "") -> bytes:
    key = (digest, encoding)
    cached = _compressed.get(key)
    if cached is None:
        if encoding == "br":
            cached = brotli.compress(body, quality=_brotli_quality(body, mimetype))
        else:
            cached = gzip.compress(body, 9 if len(body) < 200_000 else 5, mtime=0)
        _compressed.put(key, cached)
    return cached


def choose_encoding(header: str | None) -> str | None:
    accepted = parse_accept_header(header or "")
    for name in ("br", "gzip"):
        if accepted[name] > 0:
            return name
    return None


def internal_get(app: Flask, url: str, headers: dict | None = None,
                 content_version: str | None = None) -> Response:
    """GET one of our own pages from inside a request, as a client would.

    A fresh application context keeps the inner request's ``g`` apart from
    the outer request's. Data derived from pages (offline packs) passes the
    ``content_version`` it is keyed by: the response cache then answers only
    from entries made at that version or later, never from the older version
    it may still believe current for up to ``CONTENT_VERSION_TTL``.
    """
    overrides = {VERSION_ENVIRON: content_version} if content_version else {}
    with app.app_context():
        response = app.test_client().get(url, headers=headers or {}, environ_overrides=overrides)
        response.get_data()
        response.close()
        return response


def _not_modified(response: Response) -> Response:
    response.status_code = 304
    response.set_data(b"")
    for name in ("Content-Length", "Content-Type"):
        response.headers.pop(name, None)
    return response


def relative_redirect(response: Response) -> Response:
    """``after_request``: our own redirects carry a path, not ``http://<Host>``.

    Werkzeug builds the slash redirect (``/pt`` → ``/pt/``) from the Host
    header a client sent; a forged one must not come back in ``Location``.
    """
    location = response.headers.get("Location")
    if location and response.status_code in (301, 302, 303, 307, 308):
        parts = urlsplit(location)
        if parts.netloc:
            response.headers["Location"] = urlunsplit(("", "", parts.path or "/", parts.query, parts.fragment))
    return response


def finalize(response: Response) -> Response:
    """``after_request``: ETag, compression and conditional answer."""
    workspace = request.blueprint == "editor"
    if (
        request.method not in ("GET", "HEAD")
        # A workspace page holding a CSRF token next to text a request can put
        # there is never compressed: its size would leak the token (BREACH).
        or (workspace and "csrf_token" in g)
        or response.direct_passthrough
        or response.mimetype not in COMPRESSIBLE
        or "Content-Encoding" in response.headers
    ):
        return response
    body = response.get_data()
    digest = hashlib.sha256(body).hexdigest()[:32]
    encoding = choose_encoding(request.headers.get("Accept-Encoding")) if len(body) >= MIN_SIZE else None
    response.vary.add("Accept-Encoding")
    if encoding is not None:
        response.set_data(_encode(body, digest, encoding, response.mimetype))
        response.headers["Content-Encoding"] = encoding
    if response.status_code != 200 or workspace:
        return response  # error pages and the workspace's (no-store): compressed, neither tagged nor kept
    etag = digest if encoding is None else f"{digest}-{encoding}"
    response.set_etag(etag)
    if request.blueprint in CACHEABLE_BLUEPRINTS:
        request.environ["acolher.etag"] = etag  # ResponseCache may keep it
    # If-None-Match compares weakly (RFC 9110, 13.1.2): W/"x" matches "x".
    if request.if_none_match.contains_weak(etag) or request.if_none_match.star_tag:
        return _not_modified(response)
    return response


class ResponseCache:
    """WSGI middleware: answer repeated GETs from finished responses."""

    def __init__(self, app: Flask, wsgi_app):
        self.app, self.wsgi_app = app, wsgi_app
        self.entries = LRU(app.config.get("RESPONSE_CACHE_ENTRIES", 2048))
        self.ttl = app.config["CONTENT_VERSION_TTL"]
        self.version, self.checked = None, float("-inf")
        self.trusted_hosts = app.config.get("TRUSTED_HOSTS")

    def content_version(self):
        """The content version, or None when the database cannot say (not
        migrated, unreachable): then nothing is cached and Flask answers."""
        now = time.monotonic()
        if now - self.checked > self.ttl:
            from .read import content_version

            with self.app.app_context():
                try:
                    self.version = content_version()
                except SQLAlchemyError:
                    self.version, now = None, float("-inf")
            self.checked = now
        return self.version

    def trusted(self, environ) -> bool:
        if not self.trusted_hosts:
            return True
        try:
            get_host(environ, self.trusted_hosts)
        except SecurityError:
            return False  # Flask refuses it with a 400
        return True

    @staticmethod
    def searching(path: str, environ) -> bool:
        """Searches go to Flask every time: a search that finds nothing is
        counted (portal.search.gaps), and queries would crowd the cache."""
        return bool(environ.get("QUERY_STRING")) and (path.endswith("/search") or path == "/api/v1/search")

    @staticmethod
    def query_key(path: str, environ) -> str:
        """Reader pages ignore their query string, so ``?r=<random>`` cannot
        fill the cache with copies of one page; API answers and the
        directory's filter page (a GET form) depend on it. The courses
        pages read their filters: only those names count."""
        query = environ.get("QUERY_STRING", "")
        if path.startswith("/api/") or QUERY_PAGES.match(path):
            return query
        if query and READER_QUERY_PAGES.match(path):
            kept = sorted((k, v) for k, v in parse_qsl(query, keep_blank_values=False) if k in READER_QUERY_NAMES)
            return urlencode(kept)
        return ""

    @staticmethod
    def time_key(path: str) -> str:
        """Pages that say "open now" are also keyed by the minute (Lisbon
        hours change by the minute, not with the content)."""
        return str(int(time.time() // 60)) if TIMED_PAGES.match(path) else ""

    def __call__(self, environ, start_response):
        method, path = environ.get("REQUEST_METHOD"), environ.get("PATH_INFO", "")
        if (method not in ("GET", "HEAD") or path.startswith("/static/") or not self.trusted(environ)
                or self.searching(path, environ)):
            return self.wsgi_app(environ, start_response)
        version = environ.get(VERSION_ENVIRON) or self.content_version()
        if version is None:
            return self.wsgi_app(environ, start_response)
        query = self.query_key(path, environ)
        if len(query) > MAX_CACHED_QUERY:
            return self.wsgi_app(environ, start_response)
        key = (path, query, choose_encoding(environ.get("HTTP_ACCEPT_ENCODING")),
               environ.get("HTTP_ACCEPT", ""), version, self.time_key(path))
        hit = self.entries.get(key)
        if hit is not None:
            return self.replay(hit, environ, start_response)
        captured = {}

        def capture(status, headers, exc_info=None):
            captured["status"], captured["headers"] = status, headers
            return start_response(status, headers, exc_info)

        app_iter = self.wsgi_app(environ, capture)
        etag = environ.get("acolher.etag")
        if etag is None or method != "GET" or not captured.get("status", "").startswith("200"):
            return app_iter
        try:
            body = b"".join(app_iter)
        finally:
            if hasattr(app_iter, "close"):
                app_iter.close()
        headers = [(k, v) for k, v in captured["headers"] if k.lower() not in NOT_STORED]
        self.entries.put(key, (captured["status"], headers, body, etag))
        return [body]

    @staticmethod
    def replay(hit, environ, start_response):
        status, headers, body, etag = hit
        wanted = environ.get("HTTP_IF_NONE_MATCH")
        if wanted:
            etags = parse_etags(wanted)
            if etags.star_tag or etags.contains_weak(etag):
                start_response("304 NOT MODIFIED", [
                    (k, v) for k, v in headers if k.lower() not in ("content-type", "content-length")])
                return []
        start_response(status, headers)
        return [] if environ.get("REQUEST_METHOD") == "HEAD" else [body]


def init_app(app: Flask) -> None:
    """Call last in ``create_app``, so that the middleware sits outside the
    application and the rate limit sits outside the middleware."""
    app.config.setdefault("RESPONSE_CACHE", True)
    app.config.setdefault("CONTENT_VERSION_TTL", 1.0)
    app.after_request(finalize)
    app.after_request(relative_redirect)
    app.after_request(add_security_headers)  # runs before finalize: stored with the page
    if app.config["RESPONSE_CACHE"]:
        app.wsgi_app = ResponseCache(app, app.wsgi_app)
