"""Reader page views. They only read: no session, no writes."""
from __future__ import annotations

from pathlib import Path

from flask import abort, current_app, g, make_response, redirect, request, url_for

from .. import read
from ..i18n import LANGUAGES, best_language
from ..read import courses as read_courses
from ..read import empty_topic
from . import bp
from .pages import page


@bp.url_value_preprocessor
def pull_lang(endpoint, values):
    if values is None or "lang" not in values:
        return
    code = values.pop("lang")
    if code not in LANGUAGES:
        abort(404)
    g.lang = code


@bp.url_defaults
def add_lang(endpoint, values):
    if "lang" not in values and getattr(g, "lang", None):
        values["lang"] = g.lang


@bp.get("/")
def root():
    """Send the reader to the best language their browser asks for."""
    code = best_language(request.accept_languages)
    response = redirect(url_for("web.home", lang=code), code=302)
    response.headers["Vary"] = "Accept-Language"
    response.headers["Cache-Control"] = "no-cache"
    return response


ROBOTS = "User-agent: *\nDisallow: /api/\nDisallow: /*/offline\n"


@bp.get("/robots.txt")
def robots():
    """Answered here: otherwise ``/<lang>/`` would redirect it to a 404."""
    response = make_response(ROBOTS)
    response.mimetype = "text/plain"
    response.headers["Cache-Control"] = "public, max-age=86400"
    return response


@bp.get("/favicon.ico")
def favicon():
    """Browsers ask for it whatever the page says; answer at once."""
    path = Path(current_app.root_path) / "static" / "icons" / "favicon.ico"
    response = make_response(path.read_bytes())
    response.mimetype = "image/x-icon"
    response.headers["Cache-Control"] = "public, max-age=604800"
    return response


@bp.get("/<lang>/")
def home():
    return page("home.html", topics=read.topics(g.lang))


@bp.get("/<lang>/topics/<slug>")
def topic(slug):
    found = read.topic(slug, g.lang) or empty_topic(slug, g.lang)  # no guides: 200, as in the API
    if found is None:
        abort(404)
    return page("topic.html", topic=found)


@bp.get("/<lang>/guides/<slug>")
def guide(slug):
    found = read.guide(slug, g.lang)
    if found is None:
        abort(404)
    return page("guide.html", guide=found, courses=read_courses.programmes_for_guide(slug, g.lang))


@bp.get("/<lang>/offline")
def offline():
    """Shown by the service worker for pages not saved on this device."""
    return page("offline.html")
