"""The search page: a plain GET form that works without JavaScript. With
JavaScript, offline or on a slow network, ``search.js`` searches the
language's saved pack on the device instead (and says so)."""
from __future__ import annotations

from flask import abort, g, request

from ..content.kinds import KINDS, SEARCHABLE
from ..read import search as read_search
from ..search import gaps, offline
from . import bp
from .pages import page

TYPES = ("topic", *SEARCHABLE)


@bp.get("/<lang>/search")
def search():
    query = read_search.clean_query(request.args.get("q", "")).strip()
    kind = request.args.get("type", "")
    kinds = (kind,) if kind in TYPES else ()
    results = read_search.search(query, g.lang, kinds) if query else None
    if results is not None and (not results.items or results.fallback):
        gaps.record(query, g.lang)
    labels = {name: kind.search_label for name, kind in KINDS.items()}
    response = page("search.html", query=query, kind=kinds[0] if kinds else "", results=results,
                    labels=labels, types=TYPES)
    if query:
        # Results are counted when nothing is found: not kept by shared caches.
        response.headers["Cache-Control"] = "no-cache"
    return response


@bp.get("/<lang>/search-index.json")
def search_index():
    """The compact index of this language's published content, for the
    device (saved with the language's offline pack)."""
    body = offline.index_json(g.lang)
    if body is None:
        abort(404)
    response = page_json(body)
    return response


def page_json(body: bytes):
    from flask import current_app, make_response

    response = make_response(body)
    response.mimetype = "application/json"
    max_age = current_app.config["PAGE_MAX_AGE"]
    response.headers["Cache-Control"] = f"public, max-age=0, s-maxage={max_age}, must-revalidate"
    return response
