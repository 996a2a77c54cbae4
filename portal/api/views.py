"""API endpoints. Views only read, through :mod:`portal.read`."""
from __future__ import annotations

from datetime import timezone

from flask import url_for
from flask_babel import force_locale

from .. import read
from ..content.status import freshness_counts
from ..extensions import db
from ..i18n import LANGUAGES, SOURCE_LANGUAGE
from ..vocab import PLACE_TYPES
from ..models import Topic
from . import bp, schemas
from .errors import ApiError
from .http import conditional, paginated


def _urls(slug: str, lang: str) -> dict:
    # Formatted directly: url_for is the slowest part of a 50-item page.
    # Slugs and language codes are validated ASCII, so nothing needs quoting.
    return {"url": f"/api/v1/guides/{slug}?lang={lang}", "web_url": f"/{lang}/guides/{slug}"}


def _summary(item: read.GuideSummary, lang: str, topics: dict[int, str]) -> dict:
    return {
        "slug": item.slug, "lang": item.lang, "title": item.title, "summary": item.summary,
        "topic": topics[item.topic_id], "status": item.status,
        "content_hash": item.content_hash, "updated_at": item.updated_at,
        **_urls(item.slug, lang),
        "translations": [{"lang": code, **_urls(item.slug, code)} for code in sorted(item.languages)],
    }


def _places(kinds: list[str], lang: str) -> list[dict]:
    with force_locale(lang):
        return [{"type": kind, "name": str(PLACE_TYPES.get(kind, kind))} for kind in kinds]


@bp.route("/languages")
@bp.arguments(schemas.NoQuery, location="query")
@bp.response(200, schemas.LanguageList)
def languages(_args):
    """Supported languages, with the share of guides available and up to date."""
    counts = freshness_counts()
    items = []
    for code, language in LANGUAGES.items():
        counter = counts[code]
        total = sum(counter.values()) or 1
        items.append({
            "code": code, "native_name": language.native_name, "tag": language.tag,
            "direction": language.direction,
            "guides_available": round((counter["up-to-date"] + counter["outdated"]) / total, 4),
            "guides_up_to_date": round(counter["up-to-date"] / total, 4),
        })
    return {"items": items}


@bp.route("/topics")
@bp.arguments(schemas.LangQuery, location="query", as_kwargs=True)
@bp.response(200, schemas.TopicList)
def topics(lang):
    """Topics with titles in ``lang`` and their number of guides."""
    items = [
        {"slug": t.slug, "icon": t.icon, "title": t.title, "guide_count": t.guide_count,
         "url": url_for("web.topic", lang=lang, slug=t.slug)}
        for t in read.topics(lang)
    ]
    return {"lang": lang, "items": items}


def _topic_ids() -> dict[int, str]:
    return dict(db.session.execute(db.select(Topic.id, Topic.slug)).all())


@bp.route("/guides")
@bp.arguments(schemas.GuideListQuery, location="query", as_kwargs=True)
@bp.response(200, schemas.GuideList)
def guides(lang, page, per_page, topic=None, changed_since=None):
    """Published guides in topic order, paginated; filter by topic or by change time."""
    topic_id = None
    if topic is not None:
        topic_id = read.published_topic_id(topic)
        if topic_id is None:
            raise ApiError(404, "topic_not_found", f"No published topic {topic!r}.", {"topic": topic})
    since = changed_since.astimezone(timezone.utc).replace(tzinfo=None) if changed_since else None
    items, total, newest = read.guide_page(lang, topic_id, since, page, per_page)
    topics_by_id = _topic_ids()
    body = {
        "lang": lang, "page": page, "per_page": per_page, "total": total,
        "items": [_summary(item, lang, topics_by_id) for item in items],
    }
    return paginated(body, newest)


@bp.route("/guides/<string(maxlength=80):slug>")
@bp.arguments(schemas.LangQuery, location="query", as_kwargs=True)
@bp.response(200, schemas.Guide)
def guide(slug, lang):
    """One guide: metadata, safe HTML body, structured parts, provenance."""
    found = read.guide(slug, lang)
    if found is None:
        raise ApiError(404, "guide_not_found", f"No published guide {slug!r}.", {"slug": slug})
    rev = found.revision
    body = {
        "slug": found.slug, "lang": found.lang, "title": rev.title, "summary": rev.summary,
        "topic": found.topic.slug, "status": found.status,
        "content_hash": found.content_hash, "updated_at": found.updated_at,
        **_urls(found.slug, lang),
        "translations": [{"lang": code, **_urls(found.slug, code)} for code in found.languages],
        "cost": rev.cost, "duration": rev.duration, "last_checked": found.last_checked,
        "body_html": found.body_html,
        "steps": rev.parts.get("steps", []), "bring": rev.parts.get("bring", []),
        "sections": rev.parts.get("sections", []),
        "sources": found.sources,
        "where_to_go": _places(found.where_to_go, lang),
        "related": [r.slug for r in found.related],
        "provenance": {
            "method": "source" if found.lang == SOURCE_LANGUAGE else rev.method,
            "source_revision": rev.source_hash,
            "outdated": found.status == "outdated",
            "outdated_since": found.outdated_since if found.status == "outdated" else None,
        },
    }
    return conditional(body, found.updated_at)


from . import changes, packs  # noqa: E402,F401  (more routes)
