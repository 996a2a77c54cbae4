"""Glossary endpoints: ``/api/v1/glossary`` and ``/api/v1/glossary/<slug>``.

They read through :mod:`portal.read.glossary` and return its view objects,
which the schemas below dump; ETags, 304s, HEAD and the error shape are the
same as for guides (:mod:`portal.api.contract`).
"""
from __future__ import annotations

from marshmallow import fields, validate

from ..read import glossary as read_glossary
from . import bp
from .contract import cacheable, success_headers
from .errors import ApiError
from .http import last_modified, paginated
from .schemas import LangField, LangQuery, PathField, Provenance, Response, Source, StatusField, UTCDateTime
from .views import ROUTE


class GlossaryListQuery(LangQuery):
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=100_000),
                          metadata={"description": "Page number; a page past the end is empty"})
    per_page = fields.Integer(load_default=50, validate=validate.Range(min=1, max=100))


class TermTranslation(Response):
    lang = LangField(required=True)
    url = PathField("/api/v1/glossary/{obj.slug}?lang={obj.lang}",
                    metadata={"description": "API URL of the term in this language"})
    web_url = PathField("/{obj.lang}/glossary/{obj.slug}")


class GuideRef(Response):
    slug = fields.String(required=True)


class TermSummary(Response):
    slug = fields.String(required=True)
    term = fields.String(required=True, metadata={"description": "The Portuguese term, as on signs and documents"})
    gloss = fields.String(allow_none=True, required=True, metadata={
        "description": "The term in the requested language; null in Portuguese or when not translated"})
    also = fields.List(fields.String(), required=True,
                       metadata={"description": "Other Portuguese forms and acronyms"})
    keep_portuguese = fields.Boolean(required=True, metadata={
        "description": "An office or document name shown in Portuguese in every language"})
    lang = LangField(required=True, metadata={"description": "Language of the explanation"})
    status = StatusField(required=True)
    content_hash = fields.String(required=True)
    updated_at = UTCDateTime(required=True)
    url = PathField("/api/v1/glossary/{obj.slug}?lang={obj.lang}")
    web_url = PathField("/{obj.lang}/glossary/{obj.slug}")
    translations = fields.List(fields.Nested(TermTranslation), required=True)


class TermListItem(TermSummary):
    summary = fields.String(required=True, metadata={"description": "The explanation as plain text"})


class TermList(Response):
    lang = LangField(required=True)
    page = fields.Integer(required=True)
    per_page = fields.Integer(required=True)
    total = fields.Integer(required=True)
    items = fields.List(fields.Nested(TermListItem), required=True)


class Term(TermSummary):
    summary = fields.String(required=True, attribute="revision.summary")
    body_html = fields.String(required=True, metadata={"description": "Sanitized HTML explanation"})
    see_also = fields.Pluck("GuideRef", "slug", many=True, required=True,
                            metadata={"description": "Guide slugs"})
    sources = fields.List(fields.Nested(Source), required=True)
    last_checked = fields.Date(required=True)
    provenance = fields.Nested(Provenance, required=True)


@bp.route("/glossary", tags=["glossary"], **ROUTE)
@bp.arguments(GlossaryListQuery, location="query", as_kwargs=True)
@bp.response(200, TermList, headers=success_headers("Last-Modified", "X-Total-Count", "Link"))
@cacheable(bp)
@bp.doc(operationId="list_glossary_terms")
def glossary(lang, page, per_page):
    """Glossary terms, alphabetical by their Portuguese name, paginated"""
    return paginated(read_glossary.page(lang, page, per_page))


@bp.route("/glossary/<string(maxlength=80):slug>", tags=["glossary"], **ROUTE)
@bp.arguments(LangQuery, location="query", as_kwargs=True)
@bp.response(200, Term, headers=success_headers("Last-Modified"))
@cacheable(bp, 404)
@bp.doc(operationId="get_glossary_term")
def glossary_term(slug, lang):
    """One term: Portuguese name, gloss, explanation, see-also guides, provenance"""
    found = read_glossary.entry(slug, lang)
    if found is None:
        raise ApiError(404, "term_not_found", f"No published glossary term {slug!r}.", {"slug": slug})
    return found, 200, last_modified(found.updated_at)
