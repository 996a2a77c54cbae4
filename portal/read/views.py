"""View objects: what the read layer hands to pages and to the API.

They hold plain values (strings, numbers, dates, lists), never ORM rows, so
that a template or an API schema cannot trigger a query by accident and a
view outlives the database session that produced it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from flask_babel import force_locale

from ..i18n import SOURCE_LANGUAGE
from ..vocab import PLACE_TYPES


@dataclass(frozen=True)
class LanguageLink:
    """One language a guide exists in (``lang``), for the guide ``slug``."""

    slug: str
    lang: str


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
    topic: str = ""  # the topic's slug
    requested: str = ""  # the language the reader asked for

    @property
    def translations(self) -> list[LanguageLink]:
        return [LanguageLink(self.slug, code) for code in sorted(self.languages)]


@dataclass
class TopicView:
    slug: str
    icon: str
    title: str
    guide_count: int = 0
    guides: list[GuideSummary] = field(default_factory=list)
    lang: str = ""  # the language the title was asked in


@dataclass
class LanguageView:
    code: str
    native_name: str
    tag: str
    direction: str
    guides_available: float  # share (0-1) of guides translated
    guides_up_to_date: float  # share (0-1) translated from the current source


@dataclass
class RevisionView:
    """The text of one published revision, as plain values."""

    title: str
    summary: str
    cost: str
    duration: str
    body_html: str
    steps: list[str]
    bring: list[str]
    sections: list[dict]
    method: str  # human / machine / machine-reviewed (source for Portuguese)
    source_hash: str | None


@dataclass(frozen=True)
class Place:
    type: str
    name: str


@dataclass(frozen=True)
class Provenance:
    method: str
    source_revision: str | None
    outdated: bool
    outdated_since: datetime | None


class FallbackText:
    """What a guide and a glossary term shown in a language share: ``revision``
    is the text in ``lang`` (the Portuguese source when the reader's
    ``requested`` language has none)."""

    @property
    def body_html(self) -> str:
        """The body, with links to guides kept in the reader's language."""
        html = self.revision.body_html
        if self.lang != self.requested:
            html = html.replace(f'href="/{self.lang}/guides/', f'href="/{self.requested}/guides/')
        return html

    @property
    def machine(self) -> bool:
        return self.revision.method in ("machine", "machine-reviewed")


@dataclass
class GuideView(FallbackText):
    slug: str
    lang: str  # the language the text is in
    requested: str  # the language the reader asked for
    status: str  # up-to-date / outdated / missing
    revision: RevisionView
    topic: TopicView
    last_checked: date
    sources: list[dict]
    where_to_go: list[str]  # service point type keys
    related: list[GuideSummary]
    languages: list[str]  # languages this guide exists in
    outdated_since: datetime | None
    updated_at: datetime
    content_hash: str


    @property
    def translations(self) -> list[LanguageLink]:
        return [LanguageLink(self.slug, code) for code in self.languages]

    @property
    def places(self) -> list[Place]:
        """Where to go, named in the language the reader asked for."""
        with force_locale(self.requested):
            return [Place(kind, str(PLACE_TYPES.get(kind, kind))) for kind in self.where_to_go]

    @property
    def provenance(self) -> Provenance:
        outdated = self.status == "outdated"
        return Provenance(
            method="source" if self.lang == SOURCE_LANGUAGE else self.revision.method,
            source_revision=self.revision.source_hash,
            outdated=outdated,
            outdated_since=self.outdated_since if outdated else None,
        )


@dataclass
class GuidePage:
    """One page of the guide list."""

    lang: str
    page: int
    per_page: int
    total: int
    items: list[GuideSummary]
    last_modified: datetime | None  # time of the last publish

    @property
    def last_page(self) -> int:
        return max(1, -(-self.total // self.per_page))


@dataclass(frozen=True)
class ChangeView:
    """One publish event of the change feed."""

    id: int
    action: str
    item_type: str
    slug: str
    lang: str | None
    content_hash: str | None
    at: datetime
