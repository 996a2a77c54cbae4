"""The read layer: the queries behind reader pages and the content API.

It returns plain view objects, never writes, and never touches the session.
Lists read only the columns they show, so a topic with thousands of guides
does not load thousands of bodies.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy.orm import selectinload

from .extensions import db
from .i18n import SOURCE_LANGUAGE
from .models import ChangeEvent, Guide, Revision, Topic, Translation


@dataclass
class GuideSummary:
    slug: str
    topic_id: int
    title: str
    summary: str
    lang: str  # language the title and summary are in
    status: str  # up-to-date / outdated / missing
    content_hash: str
    updated_at: datetime
    languages: list[str] = field(default_factory=list)


@dataclass
class TopicView:
    slug: str
    icon: str
    title: str
    guide_count: int = 0
    guides: list[GuideSummary] = field(default_factory=list)


@dataclass
class GuideView:
    slug: str
    lang: str  # the language the text is in
    requested: str  # the language the reader asked for
    status: str  # up-to-date / outdated / missing
    revision: Revision
    topic: TopicView
    last_checked: date
    sources: list
    where_to_go: list
    related: list[GuideSummary]
    languages: list[str]  # languages this guide exists in
    outdated_since: datetime | None
    updated_at: datetime
    content_hash: str

    @property
    def body_html(self) -> str:
        """The body, with links to other guides kept in the reader's language."""
        html = self.revision.body_html
        if self.lang != self.requested:
            html = html.replace(f'href="/{self.lang}/guides/', f'href="/{self.requested}/guides/')
        return html

    @property
    def machine(self) -> bool:
        return self.revision.method in ("machine", "machine-reviewed")


def content_version() -> int:
    """A number that grows with every publish; keys caches of derived data."""
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
            Guide.slug, Guide.topic_id, Translation.lang, Translation.outdated_since,
            Translation.updated_at, Revision.title, Revision.summary, Revision.content_hash,
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
               page: int = 1, per_page: int = 50) -> tuple[list[GuideSummary], int, datetime | None]:
    """One page of the guide list, paginated in the database: (items, total,
    time of the last publish)."""
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
    # The list changes only when something is published: the newest change
    # event is its modification time (one primary-key lookup).
    newest = db.session.execute(
        db.select(ChangeEvent.created_at).order_by(ChangeEvent.id.desc()).limit(1)
    ).scalar()
    return (summaries(lang, ids) if ids else []), total, newest


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
        TopicView(t.slug, t.icon, t.title(lang), counts[t.id])
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
    return TopicView(row.slug, row.icon, row.title(lang), len(guides), guides)


def guide(slug: str, lang: str) -> GuideView | None:
    """A guide in ``lang``, or in the source language when not translated."""
    found = db.session.execute(
        db.select(Guide)
        .where(Guide.kind == "guide", Guide.slug == slug, Guide.published.is_(True))
        .options(selectinload(Guide.translations).selectinload(Translation.current))
    ).scalar_one_or_none()
    if found is None:
        return None
    live = {t.lang: t for t in found.translations if t.published and t.current}
    if SOURCE_LANGUAGE not in live:
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
        revision=chosen.current,
        topic=TopicView(found.topic.slug, found.topic.icon, found.topic.title(lang)),
        last_checked=found.last_checked,
        sources=found.sources,
        where_to_go=found.where_to_go,
        related=related,
        languages=sorted(live),
        outdated_since=chosen.outdated_since,
        updated_at=chosen.updated_at,
        content_hash=chosen.current.content_hash,
    )
