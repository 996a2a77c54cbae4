"""Static assets under content-hashed names, served immutable by WhiteNoise.

At start-up every file in ``portal/static`` is copied once to
``<name>.<hash>.<ext>`` (plus ``.gz`` and ``.br`` siblings) in the build
folder; templates ask :func:`asset_url` for the hashed URL. Copies are written
atomically and only when missing, so several processes may start together.
"""
from __future__ import annotations

import gzip
import hashlib
import os
import re
import tempfile
from pathlib import Path

import brotli
from flask import Flask, current_app
from whitenoise import WhiteNoise

from .security import add_static_headers

HASHED = re.compile(r"\.[0-9a-f]{12}\.\w+$")
COMPRESSIBLE = {".css", ".js", ".svg", ".json", ".webmanifest", ".txt", ".html"}


def _write_atomic(path: Path, data: bytes) -> None:
    if path.exists():
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.replace(tmp, path)


def hashed_name(name: str, data: bytes) -> str:
    digest = hashlib.sha256(data).hexdigest()[:12]
    stem, dot, ext = name.rpartition(".")
    return f"{stem}.{digest}.{ext}" if dot else f"{name}.{digest}"


def build(source: Path, dest: Path) -> dict[str, dict]:
    """Copy ``source`` files to hashed names in ``dest``; return the manifest."""
    manifest = {}
    for path in sorted(p for p in source.rglob("*") if p.is_file()):
        name = path.relative_to(source).as_posix()
        data = path.read_bytes()
        target = hashed_name(name, data)
        _write_atomic(dest / target, data)
        compressed_size = len(data)
        if path.suffix in COMPRESSIBLE:
            br_path = dest / f"{target}.br"
            if not br_path.exists():
                _write_atomic(dest / f"{target}.gz", gzip.compress(data, 9, mtime=0))
                _write_atomic(br_path, brotli.compress(data))
            compressed_size = min(br_path.stat().st_size, len(data))
        manifest[name] = {
            "url": f"/static/{target}",
            "hash": target.rsplit(".", 2)[-2],
            "size": len(data),
            "compressed_size": compressed_size,
        }
    return manifest


def asset_url(name: str) -> str:
    """The immutable URL of a static file, for templates."""
    return current_app.extensions["assets"][name]["url"]


def _immutable(path, url):
    return bool(HASHED.search(url))


def init_app(app: Flask) -> None:
    source = Path(app.root_path) / "static"
    dest = Path(app.config["ASSET_BUILD_DIR"])
    app.extensions["assets"] = build(source, dest)
    app.jinja_env.globals["asset_url"] = asset_url
    app.wsgi_app = WhiteNoise(
        app.wsgi_app,
        root=str(dest),
        prefix="static/",
        max_age=60,
        immutable_file_test=_immutable,
        add_headers_function=add_static_headers,
    )
