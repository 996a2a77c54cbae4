"""API endpoints. They only read, through :mod:`portal.read`, and return
view objects that the response schemas dump."""
from __future__ import annotations

from .. import read
from . import bp, schemas
from .contract import cacheable, success_headers
from .errors import ApiError
from .http import last_modified, paginated

# Every GET also answers HEAD, and takes If-None-Match.
ROUTE = {"methods": ["GET", "HEAD"], "parameters": ["IF_NONE_MATCH"]}


@bp.route("/languages", tags=["languages"], **ROUTE)
@bp.arguments(schemas.NoQuery, location="query")
@bp.response(200, schemas.LanguageList, headers=success_headers())
@cacheable(bp)
@bp.doc(operationId="list_languages")
def languages(_args):
    """Supported languages, with the share of guides available and up to date"""
    return {"items": read.languages()}


@bp.route("/topics", tags=["topics"], **ROUTE)
@bp.arguments(schemas.LangQuery, location="query", as_kwargs=True)
@bp.response(200, schemas.TopicList, headers=success_headers())
@cacheable(bp)
@bp.doc(operationId="list_topics")
def topics(lang):
    """Topics that have published guides, with titles in the requested language"""
    return {"lang": lang, "items": read.topics(lang)}


def _topic_id(topic: str | None) -> int | None:
    if topic is None:
        return None
    topic_id = read.published_topic_id(topic)
    if topic_id is None:
        raise ApiError(404, "topic_not_found", f"No published topic {topic!r}.", {"topic": topic})
    return topic_id


@bp.route("/guides", tags=["guides"], **ROUTE)
@bp.arguments(schemas.GuideListQuery, location="query", as_kwargs=True)
@bp.response(200, schemas.GuideList,
             headers=success_headers("Last-Modified", "X-Total-Count", "Link"))
@cacheable(bp, 404)
@bp.doc(operationId="list_guides")
def guides(lang, page, per_page, topic=None, changed_since=None):
    """Published guides in topic order, paginated; filter by topic or by change time"""
    found = read.guide_page(lang, _topic_id(topic), changed_since, page, per_page)
    return paginated(found)


@bp.route("/guides/<string(maxlength=80):slug>", tags=["guides"], **ROUTE)
@bp.arguments(schemas.LangQuery, location="query", as_kwargs=True)
@bp.response(200, schemas.Guide, headers=success_headers("Last-Modified"))
@cacheable(bp, 404)
@bp.doc(operationId="get_guide")
def guide(slug, lang):
    """One guide: metadata, safe HTML body, structured parts and provenance"""
    found = read.guide(slug, lang)
    if found is None:
        raise ApiError(404, "guide_not_found", f"No published guide {slug!r}.", {"slug": slug})
    return found, 200, last_modified(found.updated_at)


from . import changes, packs  # noqa: E402,F401  (more routes)
