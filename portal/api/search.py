"""``GET /api/v1/search``: the same results as the search page, read
through :mod:`portal.read.search`; ETags, 304s, HEAD and the error shape as
everywhere (:mod:`portal.api.contract`)."""
from __future__ import annotations

from marshmallow import fields, validate

from ..content.kinds import SEARCHABLE
from ..read import search as read_search
from ..search import gaps
from . import bp
from .contract import cacheable, success_headers
from .schemas import LangField, LangQuery, Response
from .views import ROUTE

TYPES = ["topic", *SEARCHABLE]


class SearchQuery(LangQuery):
    q = fields.String(load_default="", metadata={
        "description": "The words to search for, in any script. Only the first 200 characters are read; "
        "an empty query finds nothing."})
    type = fields.String(validate=validate.OneOf(TYPES), metadata={
        "description": "Only results of this kind: " + ", ".join(TYPES)})


class SearchHit(Response):
    kind = fields.String(required=True, metadata={"description": "topic, " + ", ".join(SEARCHABLE)})
    slug = fields.String(required=True)
    lang = LangField(required=True, metadata={"description": "Language of title and snippet"})
    title = fields.String(required=True, attribute="title.text")
    title_highlights = fields.List(fields.List(fields.Integer()), required=True, attribute="title.marks",
                                   metadata={"description": "[start, end) character offsets of matches"})
    snippet = fields.String(required=True, attribute="snippet.text", metadata={
        "description": "Plain text (escape it before showing it as HTML)"})
    snippet_highlights = fields.List(fields.List(fields.Integer()), required=True, attribute="snippet.marks",
                                     metadata={"description": "[start, end) character offsets of matches"})
    web_url = fields.String(required=True, attribute="url", metadata={"description": "The reader page"})
    url = fields.String(required=True, attribute="api_url", metadata={"description": "The API resource"})
    score = fields.Float(required=True)


class SearchResults(Response):
    query = fields.String(required=True, metadata={"description": "The query as read"})
    lang = LangField(required=True)
    results_lang = LangField(required=True, metadata={
        "description": "Language of the results: lang, or pt when nothing matched in lang"})
    fallback = fields.Boolean(required=True, metadata={"description": "True when the results are Portuguese "
                                                       "because nothing matched in lang"})
    corrected = fields.String(allow_none=True, required=True, metadata={
        "description": "The query as corrected for a typo, when the results are for it"})
    total = fields.Integer(required=True)
    items = fields.List(fields.Nested(SearchHit), required=True)


@bp.route("/search", tags=["search"], **ROUTE)
@bp.arguments(SearchQuery, location="query", as_kwargs=True)
@bp.response(200, SearchResults, headers=success_headers())
@cacheable(bp)
@bp.doc(operationId="search")
def search(lang, q, type=None):  # noqa: A002 (the parameter's public name)
    """Guides, topics and glossary terms matching a query, best first (at most 20)"""
    results = read_search.search(q.strip(), lang, (type,) if type else ())
    if results.query.strip() and (not results.items or results.fallback):
        gaps.record(results.query, lang)
    return results
