"""The read layer: the queries behind reader pages and the content API.

It returns plain view objects, never writes, and never touches the session.
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
    title: str
    summary: str
    lang: str  # language the title and summary are in
    status: str  # up-to-date / outdated / missing (shown in source language)


@dataclass
class TopicView:
    slug: str
    icon: str
    title: str
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
    source_changed: datetime | None
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
    """A number that grows with every publish; keys page caches."""
    return db.session.execute(db.select(db.func.max(ChangeEvent.id))).scalar() or 0


def _translations_query():
    return (
        db.select(Guide)
        .where(Guide.published.is_(True))
        .options(
            selectinload(Guide.translations).selectinload(Translation.current),
        )
        .order_by(Guide.position, Guide.slug)
    )


def _pick(guide: Guide, lang: str) -> tuple[Translation, str]:
    """The translation to show for ``lang`` and its freshness status."""
    by_lang = {t.lang: t for t in guide.translations if t.published and t.current}
    chosen = by_lang.get(lang)
    if chosen is None:
        return by_lang[SOURCE_LANGUAGE], "missing"
    if lang != SOURCE_LANGUAGE and chosen.outdated_since is not None:
        return chosen, "outdated"
    return chosen, "up-to-date"


def _summary(guide: Guide, lang: str) -> GuideSummary:
    chosen, status = _pick(guide, lang)
    rev = chosen.current
    return GuideSummary(guide.slug, rev.title, rev.summary, chosen.lang, status)


def _topics(lang: str) -> list[Topic]:
    query = db.select(Topic).where(Topic.published.is_(True)).order_by(Topic.position)
    return list(db.session.execute(query).scalars())


def topics_with_guides(lang: str) -> list[TopicView]:
    """Every published topic with its guides' titles, for the home page."""
    guides = db.session.execute(_translations_query()).scalars().all()
    views = {t.id: TopicView(t.slug, t.icon, t.title(lang)) for t in _topics(lang)}
    for guide in guides:
        if guide.topic_id in views:
            views[guide.topic_id].guides.append(_summary(guide, lang))
    return [view for view in views.values() if view.guides]


def topic(slug: str, lang: str) -> TopicView | None:
    for view in topics_with_guides(lang):
        if view.slug == slug:
            return view
    return None


def guide(slug: str, lang: str) -> GuideView | None:
    """A guide in ``lang``, or in the source language when not translated."""
    query = _translations_query().where(Guide.slug == slug)
    found = db.session.execute(query).scalar_one_or_none()
    if found is None:
        return None
    chosen, status = _pick(found, lang)
    source = next(t for t in found.translations if t.lang == SOURCE_LANGUAGE)
    related = []
    if found.related:
        query = _translations_query().where(Guide.slug.in_(found.related))
        by_slug = {g.slug: g for g in db.session.execute(query).scalars()}
        related = [_summary(by_slug[s], lang) for s in found.related if s in by_slug]
    topic_row = found.topic
    return GuideView(
        slug=found.slug,
        lang=chosen.lang,
        requested=lang,
        status=status,
        revision=chosen.current,
        topic=TopicView(topic_row.slug, topic_row.icon, topic_row.title(lang)),
        last_checked=found.last_checked,
        sources=found.sources,
        where_to_go=found.where_to_go,
        related=related,
        languages=sorted(t.lang for t in found.translations if t.published and t.current),
        outdated_since=chosen.outdated_since,
        source_changed=source.current.created_at if source.current else None,
        content_hash=chosen.current.content_hash,
    )
