"""Glossary reader pages and the term links in guides. They only read."""
from __future__ import annotations

from flask import abort, g
from markupsafe import Markup

from ..read import glossary as read_glossary
from . import bp
from .pages import page


@bp.get("/<lang>/glossary")
def glossary():
    """Every term, alphabetical by its Portuguese name, grouped by letter."""
    entries = read_glossary.entries(g.lang)
    return page("glossary_index.html", groups=read_glossary.by_letter(entries))


@bp.get("/<lang>/glossary/<slug>")
def glossary_term(slug):
    found = read_glossary.entry(slug, g.lang)
    if found is None:
        abort(404)
    return page("glossary_term.html", term=found)


@bp.app_template_filter("mark_terms")
def mark_terms(html: str, text_lang: str, reader_lang: str) -> Markup:
    """A guide body with the first use of each glossary term linked."""
    return Markup(read_glossary.mark_terms(str(html), text_lang, reader_lang))
