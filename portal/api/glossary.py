"""Glossary endpoints: ``/api/v1/glossary`` and ``/api/v1/glossary/<slug>``.

Read through :mod:`portal.read_glossary`; the same ETag, 304, compression
and error shape as the guide endpoints.
"""
from __future__ import annotations

from marshmallow import fields, validate

from .. import read_glossary
from ..content.kinds import GLOSSARY
from . import bp
from .errors import ApiError
from .http import conditional, paginated
from .schemas import LANG, STATUS, Provenance, Source, Strict, UTCDateTime


class GlossaryListQuery(Strict):
    lang = LANG
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=100_000))
    per_page = fields.Integer(load_default=50, validate=validate.Range(min=1, max=100))


class GlossaryLangQuery(Strict):
    lang = LANG


class TermTranslation(Strict):
    lang = fields.String(required=True)
    url = fields.String(required=True, metadata={"description": "API URL of the term in this language"})
    web_url = fields.String(required=True)


class TermSummary(Strict):
    slug = fields.String(required=True)
    term = fields.String(required=True, metadata={"description": "The Portuguese term, as on signs and documents"})
    gloss = fields.String(allow_none=True, required=True,
                          metadata={"description": "The term in the requested language; null in Portuguese or when not translated"})
    also = fields.List(fields.String(), required=True, metadata={"description": "Other Portuguese forms and acronyms"})
    keep_portuguese = fields.Boolean(required=True, metadata={"description": "An office or document name shown in Portuguese in every language"})
    lang = fields.String(required=True, metadata={"description": "Language of the explanation"})
    summary = fields.String(required=True, metadata={"description": "The explanation as plain text"})
    status = STATUS
    content_hash = fields.String(required=True)
    updated_at = UTCDateTime(required=True)
    url = fields.String(required=True)
    web_url = fields.String(required=True)
    translations = fields.List(fields.Nested(TermTranslation), required=True)


class TermList(Strict):
    lang = fields.String(required=True)
    page = fields.Integer(required=True)
    per_page = fields.Integer(required=True)
    total = fields.Integer(required=True)
    items = fields.List(fields.Nested(TermSummary), required=True)


class Term(TermSummary):
    body_html = fields.String(required=True, metadata={"description": "Sanitized HTML explanation"})
    see_also = fields.List(fields.String(), required=True, metadata={"description": "Guide slugs"})
    sources = fields.List(fields.Nested(Source), required=True)
    last_checked = fields.Date(required=True)
    provenance = fields.Nested(Provenance, required=True)


def _urls(slug: str, lang: str) -> dict:
    return {"url": GLOSSARY.api_url.format(slug=slug, lang=lang), "web_url": GLOSSARY.url(slug, lang)}


def _common(item, lang: str) -> dict:
    return {
        "slug": item.slug, "term": item.term, "gloss": item.gloss, "also": item.also,
        "keep_portuguese": item.keep_portuguese, "lang": item.lang, "status": item.status,
        "content_hash": item.content_hash, "updated_at": item.updated_at, **_urls(item.slug, lang),
        "translations": [{"lang": code, **_urls(item.slug, code)} for code in item.languages],
    }


@bp.route("/glossary")
@bp.arguments(GlossaryListQuery, location="query", as_kwargs=True)
@bp.response(200, TermList)
def glossary(lang, page, per_page):
    """Glossary terms, alphabetical by their Portuguese name, paginated."""
    entries = read_glossary.entries(lang)
    shown = entries[(page - 1) * per_page: page * per_page]
    newest = max((e.updated_at for e in entries), default=None)
    body = {
        "lang": lang, "page": page, "per_page": per_page, "total": len(entries),
        "items": [{**_common(e, lang), "summary": e.summary} for e in shown],
    }
    return paginated(body, newest)


@bp.route("/glossary/<string(maxlength=80):slug>")
@bp.arguments(GlossaryLangQuery, location="query", as_kwargs=True)
@bp.response(200, Term)
def glossary_term(slug, lang):
    """One term: Portuguese name, gloss, explanation, see-also guides, provenance."""
    found = read_glossary.entry(slug, lang)
    if found is None:
        raise ApiError(404, "term_not_found", f"No published glossary term {slug!r}.", {"slug": slug})
    rev = found.revision
    body = {
        **_common(found, lang), "summary": rev.summary, "body_html": found.body_html,
        "see_also": [g.slug for g in found.see_also], "sources": found.sources,
        "last_checked": found.last_checked,
        "provenance": {
            "method": "source" if found.lang == "pt" else rev.method,
            "source_revision": rev.source_hash,
            "outdated": found.status == "outdated",
            "outdated_since": found.outdated_since,
        },
    }
    return conditional(body, found.updated_at)
