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

from ..extensions import db
from ..http import LRU
from ..i18n import SOURCE_LANGUAGE
from ..models import Guide, Revision, Translation
from .guides import _revision, _status, last_publish, published_item, summaries
from .version import content_version
from .views import FallbackText, GuidePage, GuideSummary, Provenance, RevisionView

KIND = "glossary"


@dataclass(frozen=True)
class TermLanguage:
    """One language a term is published in."""

    slug: str
    lang: str


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
    def translations(self) -> list[TermLanguage]:
        return [TermLanguage(self.slug, code) for code in self.languages]

    @property
    def letter(self) -> str:
        """The index letter: first letter of the Portuguese term, unaccented."""
        for char in sort_key(self.term):
            if char.isalnum():
                return char.upper()
        return "#"


@dataclass
class TermView(FallbackText):
    slug: str
    term: str
    gloss: str | None
    lang: str  # the language the explanation is in
    requested: str
    status: str
    keep_portuguese: bool
    also: list[str]
    revision: RevisionView
    see_also: list[GuideSummary]
    sources: list
    last_checked: date
    languages: list[str]
    outdated_since: datetime | None
    updated_at: datetime
    content_hash: str

    @property
    def translations(self) -> list[TermLanguage]:
        return [TermLanguage(self.slug, code) for code in self.languages]

    @property
    def provenance(self) -> Provenance:
        return Provenance(
            "source" if self.lang == SOURCE_LANGUAGE else self.revision.method,
            self.revision.source_hash, self.status == "outdated", self.outdated_since)



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


def page(lang: str, number: int, per_page: int) -> GuidePage:
    """One page of the alphabetical term list (the API's ``/glossary``)."""
    found = entries(lang)
    shown = found[(number - 1) * per_page: number * per_page]
    return GuidePage(lang, number, per_page, len(found), shown, last_publish())


def by_letter(items: list[TermSummary]) -> list[tuple[str, list[TermSummary]]]:
    groups: dict[str, list[TermSummary]] = {}
    for item in items:
        groups.setdefault(item.letter, []).append(item)
    return list(groups.items())


def entry(slug: str, lang: str) -> TermView | None:
    """A term in ``lang``, or its Portuguese explanation when not translated."""
    found, live = published_item(KIND, slug)
    if found is None:
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
        revision=_revision(chosen.current), see_also=see_also, sources=found.sources,
        last_checked=found.last_checked, languages=sorted(live),
        outdated_since=own.outdated_since if status == "outdated" else None,
        updated_at=chosen.updated_at, content_hash=chosen.current.content_hash,
    )


# Term links in guides -------------------------------------------------------

_matchers = LRU(32)
SKIPPED = {"a", "h1", "h2", "h3", "h4", "h5", "h6", "code", "pre"}
TAG = re.compile(r"(<[^>]+>)")
TAG_NAME = re.compile(r"^</?([a-zA-Z0-9]+)")


CJK = "\u2e80-\u9fff\uf900-\ufaff"
# A run of word characters; Chinese characters end a word, so "NIF" is a
# word in "带上NIF。".
WORD = re.compile(rf"[^\W{CJK}]+")


@dataclass
class Matcher:
    """Finds term forms in text without trying every form at every position:
    a form is looked up by its first word, so the cost grows with the
    length of the page, not with the size of the glossary. Forms written
    without spaces (Chinese) are found by one expression, anywhere."""

    by_first_word: dict[str, list[tuple[str, str]]]  # word -> [(form, slug)], longest first
    unspaced: re.Pattern | None
    unspaced_slugs: dict[str, str]
    # Acronyms match only in capitals: "ACT" is the labour inspectorate, "act"
    # an English verb; "CLAIM" a support centre, "claim" an asylum claim.
    exact: dict[str, str] = field(default_factory=dict)  # lower-case form -> as written

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, slug) of every use, in order, without overlaps."""
        hits = []
        lowered = text.lower()
        if len(lowered) != len(text):  # a letter whose lower case is longer: positions would drift
            return []
        for word in WORD.finditer(lowered):
            for form, slug in self.by_first_word.get(word.group(), ()):
                end = word.start() + len(form)
                if lowered.startswith(form, word.start()) and not _word_char(lowered, end):
                    if form in self.exact and text[word.start():end] != self.exact[form]:
                        continue
                    hits.append((word.start(), end, slug))
                    break
        if self.unspaced is not None:
            hits += [(m.start(), m.end(), self.unspaced_slugs[m.group()]) for m in self.unspaced.finditer(lowered)]
        hits.sort(key=lambda hit: (hit[0], -hit[1]))
        kept, reached = [], 0
        for hit in hits:
            if hit[0] >= reached:
                kept.append(hit)
                reached = hit[1]
        return kept


def _word_char(text: str, index: int) -> bool:
    return index < len(text) and WORD.match(text[index]) is not None


def _spaced(form: str) -> bool:
    """False for forms in scripts written without spaces (Chinese)."""
    return re.search(f"[{CJK}]", form) is None


def matcher(text_lang: str) -> Matcher | None:
    """The matcher for a text in ``text_lang``: each term's Portuguese name
    and other forms, and its name in ``text_lang``. Cached per content
    version."""
    key = (text_lang, content_version())
    cached = _matchers.get(key)
    if cached is not None:
        return cached[0]
    rows = db.session.execute(
        db.select(Guide.slug, Guide.facts, Translation.lang, Revision.title)
        .join(Translation, Translation.guide_id == Guide.id)
        .join(Revision, Revision.id == Translation.current_revision_id)
        .where(Guide.kind == KIND, Guide.published.is_(True), Translation.published.is_(True),
               Translation.lang.in_({SOURCE_LANGUAGE, text_lang}))
    )
    forms: dict[str, str] = {}
    exact: dict[str, str] = {}
    for row in rows:
        names = [row.title]
        if row.lang == SOURCE_LANGUAGE:
            names += (row.facts or {}).get("also", [])
        for name in names:
            if name.strip():
                forms.setdefault(name.strip().lower(), row.slug)
                if ACRONYM.match(name.strip()):
                    exact[name.strip().lower()] = name.strip()
    found = _build(forms, exact) if forms else None
    _matchers.put(key, (found,))
    return found


ACRONYM = re.compile(r"^[A-Z][A-Z0-9]{1,7}$")


def _build(forms: dict[str, str], exact: dict[str, str] | None = None) -> Matcher:
    by_first_word: dict[str, list[tuple[str, str]]] = {}
    unspaced: dict[str, str] = {}
    for form, slug in forms.items():
        first = WORD.match(form)
        if _spaced(form) and first:
            by_first_word.setdefault(first.group(), []).append((form, slug))
        else:
            unspaced[form] = slug
    for candidates in by_first_word.values():
        candidates.sort(key=lambda item: len(item[0]), reverse=True)  # longest form wins
    pattern = None
    if unspaced:
        pattern = re.compile("|".join(re.escape(f) for f in sorted(unspaced, key=len, reverse=True)))
    return Matcher(by_first_word, pattern, unspaced, exact or {})


def mark_terms(html: str, text_lang: str, reader_lang: str) -> str:
    """Link the first use of each glossary term in a guide's HTML to its
    entry, never inside headings, links or code; terms the guide already
    links to explicitly are not linked again."""
    found = matcher(text_lang)
    if found is None:
        return html
    done = set(re.findall(r'href="/[a-z]+/glossary/([a-z0-9-]+)"', html))
    depth = 0
    out = []
    for piece in TAG.split(html):
        if piece.startswith("<"):
            name = TAG_NAME.match(piece)
            if name and name.group(1).lower() in SKIPPED:
                depth = max(depth + (-1 if piece.startswith("</") else 1), 0)
        elif piece and depth == 0:
            piece = _link(piece, found, done, reader_lang)
        out.append(piece)
    return "".join(out)


def _link(text: str, found: Matcher, done: set[str], reader_lang: str) -> str:
    parts, last = [], 0
    for start, end, slug in found.find(text):
        if slug in done:
            continue
        done.add(slug)
        # A short word (an acronym) is too narrow a target for a thumb:
        # "short" widens it to 24 px (WCAG 2.2, 2.5.8) without padding long terms.
        kind = "term short" if end - start <= 5 else "term"
        parts += [text[last:start], f'<a class="{kind}" href="/{reader_lang}/glossary/{slug}">{text[start:end]}</a>']
        last = end
    return "".join(parts) + text[last:] if parts else text
