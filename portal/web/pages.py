"""Rendering helpers shared by reader pages."""
from __future__ import annotations

from flask import current_app, g, make_response, render_template, request, url_for

from ..i18n import LANGUAGES


def page(template: str, status: int = 200, **context):
    """Render a reader page with its caching headers.

    A CDN may keep it for ``PAGE_MAX_AGE`` seconds; browsers always
    revalidate (the ETag makes that a cheap 304).
    """
    response = make_response(render_template(template, **context), status)
    response.headers["Content-Language"] = LANGUAGES[g.lang].tag
    if status == 200:
        max_age = current_app.config["PAGE_MAX_AGE"]
        response.headers["Cache-Control"] = (
            f"public, max-age=0, s-maxage={max_age}, must-revalidate"
        )
    return response


def public_url(path: str) -> str:
    """An absolute URL on the configured public origin.

    Built from ``PUBLIC_BASE_URL``, never from the request's ``Host`` header,
    which any client can forge.
    """
    return current_app.config["PUBLIC_BASE_URL"].rstrip("/") + path


def language_links() -> list[tuple]:
    """(language, URL of this same page in it) for the language chooser.

    Error pages link to each language's home page: the failed address is
    not repeated once per language.
    """
    endpoint = request.endpoint
    args = dict(request.view_args or {})
    same_page = endpoint and endpoint.startswith("web.") and endpoint != "web.root"
    if g.get("error_page"):
        same_page = False
    links = []
    for language in LANGUAGES.values():
        if same_page:
            url = url_for(endpoint, **{**args, "lang": language.code})
        else:
            url = url_for("web.home", lang=language.code)
        links.append((language, url))
    return links
