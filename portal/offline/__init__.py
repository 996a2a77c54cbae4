"""Offline-first plumbing: the service worker and the web app manifests.

The service worker source lives in ``static/sw/sw.js``; ``/sw.js`` serves it
with a header naming this deployment's shell (hashed assets and the offline
page of every language), so a new deployment installs a new worker.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

from flask import Blueprint, abort, current_app, g, make_response, url_for
from flask_babel import force_locale
from flask_babel import gettext as _

from ..http import internal_get
from ..i18n import LANGUAGES

bp = Blueprint("offline", __name__)

SHELL_ASSETS = ("css/site.css", "js/site.js", "icons/icon.svg", "icons/icon-192.png")
MANIFEST_TOPICS = ("first-steps", "residence", "health", "work")


def shell(app) -> dict:
    """URLs the worker precaches, and a version that changes with any of them."""
    cached = app.extensions.get("sw_shell")
    if cached is not None:
        return cached
    assets = app.extensions["assets"]
    urls = [assets[name]["url"] for name in SHELL_ASSETS]
    offline_pages = {code: f"/{code}/offline" for code in LANGUAGES}
    page_hashes = [
        internal_get(app, url, {"Accept-Encoding": "identity"}).headers["ETag"]
        for url in offline_pages.values()
    ]
    source = (Path(app.config["SW_DIR"]) / "sw.js").read_bytes()
    version = hashlib.sha256(
        b"".join([source, json.dumps(urls).encode(), "".join(page_hashes).encode(),
                  str(app.config.get("RELEASE", "")).encode()])
    ).hexdigest()[:12]
    cached = app.extensions["sw_shell"] = {
        "version": version, "assets": urls, "offline": offline_pages,
        "languages": list(LANGUAGES), "fallback": fallback_texts(), "source": source,
    }
    return cached


def fallback_texts() -> dict:
    """Per language, what the worker's last-resort page needs: when neither
    the saved offline page nor the network answers, it still speaks the
    reader's language, in the right direction."""
    texts = {}
    for code, language in LANGUAGES.items():
        with force_locale(code):
            texts[code] = {"tag": language.tag, "dir": language.direction,
                           "title": _("You are offline"), "retry": _("Reload"), "help": _("Help now")}
    return texts


@bp.get("/sw.js")
def service_worker():
    """The worker, at the root so its scope is the whole site."""
    info = shell(current_app._get_current_object())
    config = {key: info[key] for key in ("version", "assets", "offline", "languages", "fallback")}
    body = b"const ACOLHER = " + json.dumps(config).encode() + b";\n" + info["source"]
    response = make_response(body)
    response.mimetype = "text/javascript"
    response.headers["Cache-Control"] = "no-cache"
    response.headers["Service-Worker-Allowed"] = "/"
    return response


@bp.get("/<lang>/manifest.webmanifest")
def manifest(lang):
    """An installable app manifest in the reader's language."""
    if lang not in LANGUAGES:
        abort(404)
    g.lang = lang
    language = LANGUAGES[lang]
    from .. import read

    topics = {t.slug: t for t in read.topics(lang)}
    assets = current_app.extensions["assets"]
    shortcuts = [{"name": _("Help now"), "short_name": _("Help now"),
                  "url": url_for("web.home", lang=lang) + "#help", "icons": _shortcut_icon(assets, "help")}]
    shortcuts += [
        {"name": topics[slug].title, "url": url_for("web.topic", lang=lang, slug=slug),
         "icons": _shortcut_icon(assets, topics[slug].icon)}
        for slug in MANIFEST_TOPICS if slug in topics
    ]
    body = {
        # One app for every language (docs/architecture.md, "Installed app"):
        # the same id, scope and start page; "/" opens the language last read
        # on the device (the service worker remembers it).
        "id": "/",
        "name": _("Acolher: your rights in Portugal"),
        "short_name": "Acolher",
        "description": _("Your rights and how to get things done in Portugal, in your language."),
        "lang": language.tag,
        "dir": language.direction,
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#0b5d4b",
        "icons": [
            {"src": assets["icons/icon-192.png"]["url"], "sizes": "192x192", "type": "image/png"},
            {"src": assets["icons/icon-512.png"]["url"], "sizes": "512x512", "type": "image/png"},
            {"src": assets["icons/icon-maskable-512.png"]["url"], "sizes": "512x512",
             "type": "image/png", "purpose": "maskable"},
            {"src": assets["icons/icon.svg"]["url"], "sizes": "any", "type": "image/svg+xml"},
        ],
        "shortcuts": shortcuts[:4],
        "screenshots": _screenshots(assets, lang),
    }
    response = make_response(json.dumps(body, ensure_ascii=False))
    response.mimetype = "application/manifest+json"
    response.headers["Cache-Control"] = "public, max-age=0, s-maxage=300, must-revalidate"
    return response


def _shortcut_icon(assets: dict, name: str) -> list[dict]:
    asset = assets.get(f"icons/shortcut-{name}.png")
    return [{"src": asset["url"], "sizes": "96x96", "type": "image/png"}] if asset else []


SCREENSHOT_SIZES = {"narrow": "360x740", "wide": "1280x720"}


def _screenshots(assets: dict, lang: str) -> list[dict]:
    """The home page in ``lang``, as ``tools/make_screenshots.py`` took it
    (in English where that machine had no font for the language's script)."""
    shots = []
    for form, size in SCREENSHOT_SIZES.items():
        asset = assets.get(f"screenshots/{lang}-{form}.png") or assets.get(f"screenshots/en-{form}.png")
        if asset:
            shots.append({"src": asset["url"], "sizes": size, "type": "image/png", "form_factor": form,
                          "label": _("Acolher: your rights in Portugal")})
    return shots


def init_app(app) -> None:
    app.register_blueprint(bp)
    app.config.setdefault("RELEASE", "")
