"""The public translation status page: where translators can help."""
from __future__ import annotations

from flask import g
from flask_babel import lazy_gettext as _l

from ..read.translations import translation_status
from . import bp
from .pages import page

# How each kind is named on the page (a kind without a name here shows its key).
KIND_NAMES = {"guide": _l("Guides"), "glossary": _l("Glossary")}
# Pages listed per kind and state; the API has the full lists.
LIST_LIMIT = 100


@bp.get("/<lang>/translations")
def translations():
    """Every language's coverage, and the reader's language's pages to review."""
    languages = translation_status()
    mine = next((status for status in languages if status.lang == g.lang), None)
    return page("translations.html", languages=languages, mine=mine, kind_names=KIND_NAMES,
                limit=LIST_LIMIT)
