"""HTTP finishing for dynamic responses: strong ETags, compression, 304s.

Every successful GET of HTML or JSON gets an ETag from a hash of its body,
is compressed with Brotli or gzip when the client accepts it (compressed
bytes are remembered, so the same page is compressed once per process), and
becomes a bodiless ``304 Not Modified`` when the client already has it.
"""
from __future__ import annotations

import gzip
import hashlib
from collections import OrderedDict
from threading import Lock

import brotli
from flask import Flask, Response, request

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


def finalize(response: Response) -> Response:
    """``after_request``: ETag, compression and conditional answer."""
    if (
        request.method not in ("GET", "HEAD")
        or response.status_code != 200
        or response.direct_passthrough
        or response.mimetype not in COMPRESSIBLE
        or "Content-Encoding" in response.headers
    ):
        return response
    body = response.get_data()
    digest = hashlib.sha256(body).hexdigest()[:32]
    encoding = _choose_encoding() if len(body) >= MIN_SIZE else None
    response.vary.add("Accept-Encoding")
    etag = digest if encoding is None else f"{digest}-{encoding}"
    response.set_etag(etag)
    if etag in request.if_none_match or request.if_none_match.star_tag:
        response.status_code = 304
        response.set_data(b"")
        for name in ("Content-Length", "Content-Type"):
            response.headers.pop(name, None)
        return response
    if encoding is not None:
        response.set_data(_encode(body, digest, encoding))
        response.headers["Content-Encoding"] = encoding
    return response


def init_app(app: Flask) -> None:
    app.after_request(finalize)
