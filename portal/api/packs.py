"""Offline packs: every URL a device needs to read a language offline, with
the hash and byte size of each, so a pack updates by fetching only what
changed. The service worker and partner apps use the same manifest."""
from __future__ import annotations

import hashlib

from flask import current_app

from .. import read
from ..content.kinds import KINDS
from ..http import LRU, internal_get
from ..i18n import LANGUAGES
from ..read import content_version
from . import bp, schemas
from .contract import cacheable, success_headers
from .errors import ApiError

_packs = LRU(64)
SHELL_ASSETS = ("css/site.css", "js/site.js", "icons/icon.svg")
# A whole language's pack can be searched on the device.
SEARCH_ASSETS = ("js/search.js", "js/vendor/minisearch.js")


def _page_entry(app, url: str, version: str) -> dict:
    response = internal_get(app, url, {"Accept-Encoding": "br"}, content_version=version)
    if response.status_code != 200:
        raise RuntimeError(f"offline pack page {url} answered {response.status_code}")
    digest = response.headers["ETag"].strip('"').removesuffix("-br")
    return {"url": url, "kind": "page", "hash": digest, "size": len(response.get_data())}


def pack_urls(lang: str, topic: str | None) -> tuple[list[str], list[str]]:
    """(page URLs, asset names) that make up a pack: each content kind
    names its pages (guides: home, topics and guides; glossary: its index
    and terms; service points and programmes: theirs); a whole language's
    pack adds the search page, its index and its scripts."""
    pages, extra = [], []
    for kind in KINDS.values():
        pages += kind.pack_pages(lang, topic)
        extra += kind.pack_assets(lang, topic)
    topics = read.topics(lang)
    icons = {f"icons/{t.icon}.svg" for t in topics if topic is None or t.slug == topic}
    search = ()
    if topic is None:
        pages += [f"/{lang}/search", f"/{lang}/search-index.json"]
        search = SEARCH_ASSETS
    return pages, [*SHELL_ASSETS, *extra, *search, *sorted(icons)]


def build_pack(lang: str, topic: str | None, version: str) -> dict:
    """The pack at content ``version`` (read from the database just before):
    its pages come from responses made at that version or later."""
    pages, assets = pack_urls(lang, topic)
    app = current_app._get_current_object()
    entries = [_page_entry(app, url, version) for url in pages]
    manifest = current_app.extensions["assets"]
    for name in assets:
        asset = manifest[name]
        entries.append({"url": asset["url"], "kind": "asset", "hash": asset["hash"],
                        "size": asset["compressed_size"]})
    version = hashlib.sha256("".join(e["hash"] for e in entries).encode()).hexdigest()[:16]
    return {"lang": lang, "topic": topic, "version": version,
            "total_size": sum(e["size"] for e in entries), "entries": entries}


@bp.route("/offline-packs/<string(maxlength=12):lang>", tags=["offline-packs"],
          methods=["GET", "HEAD"], parameters=["IF_NONE_MATCH"])
@bp.arguments(schemas.PackQuery, location="query", as_kwargs=True)
@bp.response(200, schemas.OfflinePack, headers=success_headers())
@cacheable(bp, 404)
@bp.doc(operationId="get_offline_pack")
def offline_pack(lang, topic=None):
    """The manifest to save one language (optionally one topic) for offline reading"""
    if lang not in LANGUAGES:
        raise ApiError(404, "language_not_found", f"No language {lang!r}.", {"lang": lang})
    if topic is not None and read.published_topic_id(topic) is None:
        raise ApiError(404, "topic_not_found", f"No published topic {topic!r}.", {"topic": topic})
    version = content_version()
    key = (lang, topic, version)
    pack = _packs.get(key)
    if pack is None:
        pack = build_pack(lang, topic, version)
        _packs.put(key, pack)
    return pack
