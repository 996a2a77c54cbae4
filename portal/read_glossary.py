"""The read layer of the glossary: queries behind its pages, its API and the
term links in guides. Like :mod:`portal.read`, it never writes.

A term's Portuguese name is what the reader sees on signs; the translated
``term`` is its gloss in the reader's language. An explanation missing in the
reader's language is shown in Portuguese with a notice, and an outdated one
with a notice and a link to the Portuguese original, like guides.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy.orm import selectinload

from .extensions import db
from .http import LRU
from .i18n import SOURCE_LANGUAGE
from .models import Guide, Revision, Translation
from .read import GuideSummary, _status, content_version, summaries

KIND = "glossary"


@dataclass
class TermSummary:
    slug: str
    term: str  # the Portuguese term, as on signs
    gloss: str | None  # the term in the reader's language, when translated
    summary: str  # plain text of the explanation, in ``lang``
    lang: str  # language of gloss and summary
    status: str  # up-to-date / outdated / missing
    keep_portuguese: bool
    also: list[str]
    content_hash: str
    updated_at: datetime
    languages: list[str] = field(default_factory=list)

    @property
    def letter(self) -> str:
        """The index letter: first letter of the Portuguese term, unaccented."""
        for char in sort_key(self.term):
            if char.isalnum():
                return char.upper()
        return "#"


@dataclass
class TermView:
    slug: str
    term: str
    gloss: str | None
    lang: str  # the language the explanation is in
    requested: str
    status: str
    keep_portuguese: bool
    also: list[str]
    revision: Revision
    see_also: list[GuideSummary]
    sources: list
    last_checked: date
    languages: list[str]
    outdated_since: datetime | None
    updated_at: datetime
    content_hash: str

    @property
    def body_html(self) -> str:
        """The explanation, its guide links in the reader's language."""
        html = self.revision.body_html
        if self.lang != self.requested:
            html = html.replace(f'href="/{self.lang}/guides/', f'href="/{self.requested}/guides/')
        return html

    @property
    def machine(self) -> bool:
        return self.revision.method in ("machine", "machine-reviewed")


def sort_key(text: str) -> str:
    """Alphabetical order of Portuguese terms: accents do not count."""
    decomposed = unicodedata.normalize("NFD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def entries(lang: str) -> list[TermSummary]:
    """Every published term, alphabetical by its Portuguese name."""
    rows = db.session.execute(
        db.select(
            Guide.slug, Guide.facts, Translation.lang, Translation.outdated_since,
            Translation.updated_at, Revision.title, Revision.summary, Revision.content_hash,
        )
        .join(Translation, Translation.guide_id == Guide.id)
        .join(Revision, Revision.id == Translation.current_revision_id)
        .where(Guide.kind == KIND, Guide.published.is_(True), Translation.published.is_(True))
    ).all()
    by_slug: dict[str, dict] = {}
    for row in rows:
        by_slug.setdefault(row.slug, {})[row.lang] = row
    found = []
    for slug, langs in by_slug.items():
        source, own = langs.get(SOURCE_LANGUAGE), langs.get(lang)
        if source is None:
            continue
        status = _status(lang, own.lang if own else SOURCE_LANGUAGE, own.outdated_since if own else None)
        shown = own or source
        facts = source.facts or {}
        found.append(TermSummary(
            slug, facts.get("term", source.title),
            own.title if own is not None and lang != SOURCE_LANGUAGE else None,
            shown.summary, shown.lang, status, bool(facts.get("keep_portuguese")),
            list(facts.get("also", [])), shown.content_hash, shown.updated_at, sorted(langs)))
    return sorted(found, key=lambda t: (sort_key(t.term), t.slug))


def by_letter(items: list[TermSummary]) -> list[tuple[str, list[TermSummary]]]:
    groups: dict[str, list[TermSummary]] = {}
    for item in items:
        groups.setdefault(item.letter, []).append(item)
    return list(groups.items())


def entry(slug: str, lang: str) -> TermView | None:
    """A term in ``lang``, or its Portuguese explanation when not translated."""
    found = db.session.execute(
        db.select(Guide)
        .where(Guide.kind == KIND, Guide.slug == slug, Guide.published.is_(True))
        .options(selectinload(Guide.translations).selectinload(Translation.current))
    ).scalar_one_or_none()
    if found is None:
        return None
    live = {t.lang: t for t in found.translations if t.published and t.current}
    if SOURCE_LANGUAGE not in live:
        return None
    own = live.get(lang)
    status = _status(lang, own.lang if own else SOURCE_LANGUAGE, own.outdated_since if own else None)
    chosen = own or live[SOURCE_LANGUAGE]
    facts = found.facts or {}
    see_also = []
    if found.related:
        ids = db.select(Guide.id).where(
            Guide.kind == "guide", Guide.published.is_(True), Guide.slug.in_(found.related))
        by_slug = {s.slug: s for s in summaries(lang, ids)}
        see_also = [by_slug[s] for s in found.related if s in by_slug]
    return TermView(
        slug=found.slug, term=facts.get("term", found.slug),
        gloss=own.current.title if own and lang != SOURCE_LANGUAGE else None,
        lang=chosen.lang, requested=lang, status=status,
        keep_portuguese=bool(facts.get("keep_portuguese")), also=list(facts.get("also", [])),
        revision=chosen.current, see_also=see_also, sources=found.sources,
        last_checked=found.last_checked, languages=sorted(live),
        outdated_since=own.outdated_since if status == "outdated" else None,
        updated_at=chosen.updated_at, content_hash=chosen.current.content_hash,
    )


# Term links in guides -------------------------------------------------------

_matchers = LRU(32)
SKIPPED = {"a", "h1", "h2", "h3", "h4", "h5", "h6", "code", "pre"}
TAG = re.compile(r"(<[^>]+>)")
TAG_NAME = re.compile(r"^</?([a-zA-Z0-9]+)")


def _bounded(form: str) -> str:
    """A form matched on whole words; scripts written without spaces
    (Chinese) match inside a run of text."""
    edge = r"(?<!\w)", r"(?!\w)"
    left = edge[0] if _spaced(form[0]) else ""
    right = edge[1] if _spaced(form[-1]) else ""
    return left + re.escape(form) + right


def _spaced(char: str) -> bool:
    return not ("\u2e80" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff")


def matcher(text_lang: str):
    """(regex, {form: slug}) for a text in ``text_lang``: each term's
    Portuguese name and other forms, and its name in ``text_lang``."""
    key = (text_lang, content_version())
    cached = _matchers.get(key)
    if cached is not None:
        return cached
    rows = db.session.execute(
        db.select(Guide.slug, Guide.facts, Translation.lang, Revision.title)
        .join(Translation, Translation.guide_id == Guide.id)
        .join(Revision, Revision.id == Translation.current_revision_id)
        .where(Guide.kind == KIND, Guide.published.is_(True), Translation.published.is_(True),
               Translation.lang.in_({SOURCE_LANGUAGE, text_lang}))
    )
    forms: dict[str, str] = {}
    for row in rows:
        names = [row.title]
        if row.lang == SOURCE_LANGUAGE:
            names += (row.facts or {}).get("also", [])
        for name in names:
            if name.strip():
                forms.setdefault(name.strip().casefold(), row.slug)
    pattern = None
    if forms:
        ordered = sorted(forms, key=len, reverse=True)  # longest form wins
        pattern = re.compile("|".join(_bounded(form) for form in ordered), re.IGNORECASE)
    _matchers.put(key, (pattern, forms))
    return pattern, forms


def mark_terms(html: str, text_lang: str, reader_lang: str) -> str:
    """Link the first use of each glossary term in a guide's HTML to its
    entry, never inside headings, links or code; terms the guide already
    links to explicitly are not linked again."""
    pattern, forms = matcher(text_lang)
    if pattern is None:
        return html
    done = set(re.findall(r'href="/[a-z]+/glossary/([a-z0-9-]+)"', html))
    depth = 0
    out = []

    def link(match):
        slug = forms.get(match.group(0).casefold())
        if slug is None or slug in done:
            return match.group(0)
        done.add(slug)
        return f'<a class="term" href="/{reader_lang}/glossary/{slug}">{match.group(0)}</a>'

    for piece in TAG.split(html):
        if piece.startswith("<"):
            name = TAG_NAME.match(piece)
            if name and name.group(1).lower() in SKIPPED:
                depth += -1 if piece.startswith("</") else 1
                depth = max(depth, 0)
        elif piece and depth == 0:
            piece = pattern.sub(link, piece)
        out.append(piece)
    return "".join(out)
