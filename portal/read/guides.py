"""Queries behind topics, guides and languages."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import selectinload

from ..extensions import db
from ..i18n import LANGUAGES, SOURCE_LANGUAGE
from ..models import ChangeEvent, Guide, Revision, Topic, Translation
from .views import GuidePage, GuideSummary, GuideView, LanguageView, RevisionView, TopicView


def latest_event_id() -> int:
    """The id of the newest change event (0 before the first publish)."""
    return db.session.execute(db.select(db.func.max(ChangeEvent.id))).scalar() or 0


def _status(lang: str, row_lang: str, outdated_since) -> str:
    if row_lang != lang:
        return "missing"
    if lang != SOURCE_LANGUAGE and outdated_since is not None:
        return "outdated"
    return "up-to-date"


def _published_guides():
    return db.select(Guide.id).where(Guide.published.is_(True))


def summaries(lang: str, guide_ids=None) -> list[GuideSummary]:
    """Title and summary of each published guide in ``lang`` (or Portuguese)."""
    query = (
        db.select(
            Guide.slug, Guide.topic_id, Topic.slug.label("topic"), Translation.lang,
            Translation.outdated_since, Translation.updated_at, Revision.title, Revision.summary,
            Revision.content_hash,
        )
        .join(Translation, Translation.guide_id == Guide.id)
        .join(Revision, Revision.id == Translation.current_revision_id)
        .join(Topic, Topic.id == Guide.topic_id)
        .where(Guide.published.is_(True), Translation.published.is_(True))
        .order_by(Topic.position, Guide.position, Guide.slug)
    )
    if guide_ids is not None:
        query = query.where(Guide.id.in_(guide_ids))
    by_slug: dict[str, GuideSummary] = {}
    for row in db.session.execute(query):
        found = by_slug.get(row.slug)
        if found is None:
            found = by_slug[row.slug] = GuideSummary(
                row.slug, row.topic_id, row.title, row.summary, row.lang,
                _status(lang, row.lang, row.outdated_since), row.content_hash, row.updated_at,
                topic=row.topic, requested=lang,
            )
        found.languages.append(row.lang)
        if row.lang == lang or (row.lang == SOURCE_LANGUAGE and found.lang != lang):
            found.title, found.summary, found.lang = row.title, row.summary, row.lang
            found.status = _status(lang, row.lang, row.outdated_since)
            found.content_hash, found.updated_at = row.content_hash, row.updated_at
    return list(by_slug.values())


def published_topic_id(slug: str) -> int | None:
    return db.session.execute(
        db.select(Topic.id).where(Topic.slug == slug, Topic.published.is_(True))
    ).scalar_one_or_none()


def guide_page(lang: str, topic_id: int | None = None, since: datetime | None = None,
               page: int = 1, per_page: int = 50) -> GuidePage:
    """One page of the guide list, paginated in the database."""
    shown = Translation.lang.in_({lang, SOURCE_LANGUAGE})
    matching = (
        db.select(Guide.id).join(Topic, Topic.id == Guide.topic_id)
        .where(Guide.published.is_(True))
    )
    if topic_id is not None:
        matching = matching.where(Guide.topic_id == topic_id)
    if since is not None:
        matching = matching.where(db.exists().where(
            Translation.guide_id == Guide.id, Translation.published.is_(True), shown,
            Translation.updated_at > since))
    total = db.session.execute(db.select(db.func.count()).select_from(matching.subquery())).scalar()
    ids = db.session.execute(
        matching.order_by(Topic.position, Guide.position, Guide.slug)
        .limit(per_page).offset((page - 1) * per_page)
    ).scalars().all()
    return GuidePage(lang, page, per_page, total, summaries(lang, ids) if ids else [], last_publish())


def last_publish() -> datetime | None:
    """When anything was last published: the modification time of every
    list, which changes only then (one primary-key lookup)."""
    return db.session.execute(
        db.select(ChangeEvent.created_at).order_by(ChangeEvent.id.desc()).limit(1)
    ).scalar()


def topics(lang: str) -> list[TopicView]:
    """Published topics that have guides, with guide counts."""
    counts = dict(db.session.execute(
        db.select(Guide.topic_id, db.func.count(Guide.id))
        .where(Guide.published.is_(True)).group_by(Guide.topic_id)
    ).all())
    rows = db.session.execute(
        db.select(Topic).where(Topic.published.is_(True)).order_by(Topic.position)
    ).scalars()
    return [
        TopicView(t.slug, t.icon, t.title(lang), counts[t.id], lang=lang)
        for t in rows if counts.get(t.id)
    ]


def topic(slug: str, lang: str) -> TopicView | None:
    """A topic with its guides' titles and summaries."""
    row = db.session.execute(
        db.select(Topic).where(Topic.slug == slug, Topic.published.is_(True))
    ).scalar_one_or_none()
    if row is None:
        return None
    ids = _published_guides().where(Guide.topic_id == row.id)
    guides = summaries(lang, ids)
    if not guides:
        return None
    return TopicView(row.slug, row.icon, row.title(lang), len(guides), guides, lang=lang)


def _revision(row: Revision) -> RevisionView:
    parts = row.parts or {}
    return RevisionView(
        title=row.title, summary=row.summary, cost=row.cost, duration=row.duration,
        body_html=row.body_html, steps=list(parts.get("steps", [])),
        bring=list(parts.get("bring", [])), sections=list(parts.get("sections", [])),
        method=row.method, source_hash=row.source_hash,
    )


def published_item(kind: str, slug: str) -> tuple[Guide | None, dict[str, Translation]]:
    """A published item of ``kind`` with its live translations by language,
    or ``(None, {})`` when it, or its Portuguese source, is not published."""
    found = db.session.execute(
        db.select(Guide)
        .where(Guide.kind == kind, Guide.slug == slug, Guide.published.is_(True))
        .options(selectinload(Guide.translations).selectinload(Translation.current))
    ).scalar_one_or_none()
    if found is None:
        return None, {}
    live = {t.lang: t for t in found.translations if t.published and t.current}
    if SOURCE_LANGUAGE not in live:
        return None, {}
    return found, live


def guide(slug: str, lang: str) -> GuideView | None:
    """A guide in ``lang``, or in the source language when not translated."""
    found, live = published_item("guide", slug)
    if found is None:
        return None
    chosen = live.get(lang) or live[SOURCE_LANGUAGE]
    related = []
    if found.related:
        ids = _published_guides().where(Guide.slug.in_(found.related))
        by_slug = {s.slug: s for s in summaries(lang, ids)}
        related = [by_slug[s] for s in found.related if s in by_slug]
    return GuideView(
        slug=found.slug,
        lang=chosen.lang,
        requested=lang,
        status=_status(lang, chosen.lang, chosen.outdated_since),
        revision=_revision(chosen.current),
        topic=TopicView(found.topic.slug, found.topic.icon, found.topic.title(lang), lang=lang),
        last_checked=found.last_checked,
        sources=[dict(source) for source in found.sources],
        where_to_go=list(found.where_to_go),
        related=related,
        languages=sorted(live),
        outdated_since=chosen.outdated_since,
        updated_at=chosen.updated_at,
        content_hash=chosen.current.content_hash,
    )


def languages() -> list[LanguageView]:
    """Every supported language, with the share of guides available in it
    and up to date."""
    from ..content.status import freshness_counts

    counts = freshness_counts()
    items = []
    for code, language in LANGUAGES.items():
        counter = counts[code]
        total = sum(counter.values()) or 1
        items.append(LanguageView(
            code, language.native_name, language.tag, language.direction,
            round((counter["up-to-date"] + counter["outdated"]) / total, 4),
            round(counter["up-to-date"] / total, 4),
        ))
    return items


def empty_topic(slug: str, lang: str) -> TopicView | None:
    """The published topic ``slug`` when it has no published guides (its page
    and ``/guides?topic=`` then both answer with an empty list), else ``None``."""
    row = db.session.execute(
        db.select(Topic).where(Topic.slug == slug, Topic.published.is_(True))
    ).scalar_one_or_none()
    if row is None:
        return None
    return TopicView(row.slug, row.icon, row.title(lang), 0, [])
