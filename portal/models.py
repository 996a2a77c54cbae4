"""Database models: topics, content items (guides, glossary terms) with their
translations and revisions, and the feed of publish events partners sync from."""
from __future__ import annotations

from datetime import date, datetime, timezone

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .extensions import db


def utcnow() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


class Topic(db.Model):
    """A group of guides ("Health", "Work"), with a title per language."""

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    icon: Mapped[str] = mapped_column(String(40))
    position: Mapped[int] = mapped_column(default=0)
    titles: Mapped[dict] = mapped_column(JSON)
    content_hash: Mapped[str] = mapped_column(String(64))
    published: Mapped[bool] = mapped_column(default=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    guides: Mapped[list[Guide]] = relationship(back_populates="topic")

    def title(self, lang: str) -> str:
        from .i18n import SOURCE_LANGUAGE

        return self.titles.get(lang) or self.titles[SOURCE_LANGUAGE]


class Guide(db.Model):
    """One content item, the same slug in every language: a guide (a
    procedure or right) or another kind from the registry in
    :mod:`portal.content.kinds` (a glossary term), told apart by ``kind``.

    The language-independent facts (topic, sources, last checked date) come
    from the source-language file and live here; facts only one kind has
    (a glossary term's other forms) live in ``facts``. Sharing the table
    keeps one set of translations, revisions, freshness and change events
    for every kind.
    """

    __table_args__ = (UniqueConstraint("kind", "slug", name="uq_guide_kind_slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), default="guide", server_default="guide")
    slug: Mapped[str] = mapped_column(String(80))
    topic_id: Mapped[int | None] = mapped_column(ForeignKey("topic.id"))
    position: Mapped[int] = mapped_column(default=100)
    last_checked: Mapped[date]
    where_to_go: Mapped[list] = mapped_column(JSON, default=list)
    related: Mapped[list] = mapped_column(JSON, default=list)
    sources: Mapped[list] = mapped_column(JSON, default=list)
    facts: Mapped[dict | None] = mapped_column(JSON)
    published: Mapped[bool] = mapped_column(default=True)

    topic: Mapped[Topic | None] = relationship(back_populates="guides")
    translations: Mapped[list[Translation]] = relationship(
        back_populates="guide", cascade="all, delete-orphan"
    )


class Translation(db.Model):
    """One language of a guide; points at its current revision."""

    __table_args__ = (UniqueConstraint("guide_id", "lang"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    guide_id: Mapped[int] = mapped_column(ForeignKey("guide.id"))
    lang: Mapped[str] = mapped_column(String(12))
    published: Mapped[bool] = mapped_column(default=True)
    current_revision_id: Mapped[int | None] = mapped_column(
        ForeignKey("revision.id", use_alter=True, name="fk_translation_current_revision")
    )
    # Set when the source changed (not minor) after this translation's
    # source revision: the date readers are told the original changed.
    outdated_since: Mapped[datetime | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    guide: Mapped[Guide] = relationship(back_populates="translations")
    current: Mapped[Revision | None] = relationship(
        foreign_keys=[current_revision_id], post_update=True
    )
    revisions: Mapped[list[Revision]] = relationship(
        back_populates="translation",
        foreign_keys="Revision.translation_id",
        order_by="Revision.number",
    )


class Revision(db.Model):
    """An immutable published state of one guide translation."""

    __table_args__ = (
        UniqueConstraint("translation_id", "number"),
        Index("ix_revision_hash", "content_hash"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    translation_id: Mapped[int] = mapped_column(ForeignKey("translation.id"))
    number: Mapped[int]
    content_hash: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(300))
    summary: Mapped[str] = mapped_column(String(400))
    cost: Mapped[str] = mapped_column(String(300))
    duration: Mapped[str] = mapped_column(String(300))
    body_md: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    parts: Mapped[dict] = mapped_column(JSON)  # steps, bring, sections
    meta: Mapped[dict] = mapped_column(JSON)  # the validated front matter, for export
    source_hash: Mapped[str | None] = mapped_column(String(64))
    method: Mapped[str] = mapped_column(String(20), default="human")
    minor: Mapped[bool] = mapped_column(default=False)
    author: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    translation: Mapped[Translation] = relationship(
        back_populates="revisions", foreign_keys=[translation_id]
    )


class ChangeEvent(db.Model):
    """One line of the publish feed partners replay (``/api/v1/changes``)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    action: Mapped[str] = mapped_column(String(20))  # created/updated/unpublished
    item_type: Mapped[str] = mapped_column(String(20))  # topic or a content kind (guide, glossary)
    slug: Mapped[str] = mapped_column(String(80))
    lang: Mapped[str | None] = mapped_column(String(12))
    content_hash: Mapped[str | None] = mapped_column(String(64))


class SearchDoc(db.Model):
    """One published item (or topic) in one language, as search sees it:
    written by publish in its transaction (:mod:`portal.search.indexer`).

    The ``*_n`` columns hold normalised text (:mod:`portal.search.normalise`);
    the full-text structures over them (SQLite FTS5 tables, PostgreSQL
    ``tsvector`` and trigram indexes) are made by :mod:`portal.search.engines`.
    """

    __table_args__ = (
        UniqueConstraint("kind", "slug", "lang", name="uq_search_doc_item"),
        Index("ix_search_doc_lang", "lang"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    slug: Mapped[str] = mapped_column(String(80))
    lang: Mapped[str] = mapped_column(String(12))
    url: Mapped[str] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(String(300))
    summary: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)  # plain text, for snippets
    weight: Mapped[float] = mapped_column(default=1.0)
    title_n: Mapped[str] = mapped_column(Text)
    terms_n: Mapped[str] = mapped_column(Text)  # glossary forms, synonyms, the kind's terms
    summary_n: Mapped[str] = mapped_column(Text)
    body_n: Mapped[str] = mapped_column(Text)


class SearchSynonyms(db.Model):
    """The published synonym groups of one language
    (``content/synonyms/<lang>.yaml``)."""

    lang: Mapped[str] = mapped_column(String(12), primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(64))
    groups: Mapped[list] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class SearchGap(db.Model):
    """How many searches found nothing, per day, language and normalised
    query. No address, no cookie, no time of day; queries that look like
    personal data are never stored (:mod:`portal.search.gaps`)."""

    day: Mapped[date] = mapped_column(primary_key=True)
    lang: Mapped[str] = mapped_column(String(12), primary_key=True)
    query: Mapped[str] = mapped_column(String(100), primary_key=True)
    count: Mapped[int] = mapped_column(default=0)
