"""The read layer of search: the one query behind the search page and
``/api/v1/search``. Like the rest of :mod:`portal.read`, it never writes
(zero-result counting is :mod:`portal.search.gaps`, called by the views).

Ranking: each query word scores by the best field it is found in (title 4,
a kind's terms or a synonym 3, summary 2, body 1; half inside a word); the sum is multiplied
by the kind's weight (glossary terms 0.8, so a guide titled with the words
comes before the term that explains them), and the engine's own rank
breaks ties. When nothing matches in the reader's language, Portuguese
results are given, marked as such. A word that no indexed word starts with
is corrected once (:mod:`portal.search.spelling`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import defer

from ..extensions import db
from ..i18n import SOURCE_LANGUAGE
from ..models import SearchDoc
from ..search import spelling
from ..search.engines import engine_for
from ..search.normalise import char_map, normalise, query_parts
from .version import content_version

MAX_QUERY = 200  # characters read from a query; the rest is ignored
MAX_PARTS = 8
MAX_PART = 50
LIMIT = 20
FIELD_SCORES = (("title_n", 4), ("terms_n", 3), ("summary_n", 2))
SNIPPET = 160


@dataclass
class Highlighted:
    """Text with the spans [start, end) that matched the query."""

    text: str
    marks: list[tuple[int, int]] = field(default_factory=list)

    def pieces(self) -> list[tuple[str, bool]]:
        """(text, matched) pieces, for templates (which escape each)."""
        out, at = [], 0
        for start, end in self.marks:
            if start > at:
                out.append((self.text[at:start], False))
            out.append((self.text[start:end], True))
            at = end
        if at < len(self.text):
            out.append((self.text[at:], False))
        return out


@dataclass
class SearchHit:
    kind: str
    slug: str
    lang: str
    url: str
    title: Highlighted
    snippet: Highlighted
    score: float

    @property
    def api_url(self) -> str:
        from ..content.kinds import KINDS

        kind = KINDS.get(self.kind)
        if kind is None:  # a topic: its guides
            return f"/api/v1/guides?topic={self.slug}&lang={self.lang}"
        return kind.api_url.format(slug=self.slug, lang=self.lang)


@dataclass
class SearchResults:
    query: str  # as read (at most MAX_QUERY characters)
    lang: str  # the reader's language
    results_lang: str  # the language of the results: lang, or pt as a fallback
    kinds: tuple[str, ...]
    items: list[SearchHit]
    corrected: str | None = None  # the query as corrected, when a word was

    @property
    def fallback(self) -> bool:
        return bool(self.items) and self.results_lang != self.lang

    @property
    def total(self) -> int:
        return len(self.items)


def clean_query(query: str | None) -> str:
    """The part of a query that is read: at most MAX_QUERY characters."""
    return (query or "")[:MAX_QUERY]


def search(query: str | None, lang: str, kinds: tuple[str, ...] = (), limit: int = LIMIT) -> SearchResults:
    query = clean_query(query)
    parts = [part[:MAX_PART] for part in query_parts(query)[:MAX_PARTS]]
    results = SearchResults(query, lang, lang, kinds, [])
    if not parts:
        return results
    for code in dict.fromkeys((lang, SOURCE_LANGUAGE)):
        hits, corrected = _search(parts, code, kinds, limit)
        if hits:
            results.items, results.results_lang = hits, code
            results.corrected = " ".join(p.replace(" ", "") for p in corrected) if corrected else None
            return results
    return results


def _search(parts, lang, kinds, limit):
    engine = engine_for(db.session)
    ids = engine.match(lang, parts, kinds=kinds)
    every = set(ids)  # documents with every word somewhere (the body included)
    if not ids and len(parts) > 1:
        ids = engine.match(lang, parts, any_part=True, kinds=kinds)
    # A word no indexed word starts with may be a typo: search for the
    # closest word as well, at half the score.
    vocabulary = spelling.vocabulary(lang, content_version())
    fixed = [(vocabulary.correct(p) if " " not in p else None) or p for p in parts]
    corrected = fixed if fixed != parts else None
    every_fixed: set = set()
    if corrected:
        more = engine.match(lang, fixed, kinds=kinds)
        every_fixed = set(more)
        more = more or engine.match(lang, fixed, any_part=True, kinds=kinds)
        seen = set(ids)
        ids += [doc_id for doc_id in more if doc_id not in seen]
    if not ids:
        return [], None
    # Bodies are read only for the snippets of the results shown.
    light = select(SearchDoc).options(defer(SearchDoc.body), defer(SearchDoc.body_n))
    docs = {doc.id: doc for doc in db.session.execute(light.where(SearchDoc.id.in_(ids))).scalars()}
    ranked = []
    for position, doc_id in enumerate(ids):
        doc = docs.get(doc_id)
        if doc is None:
            continue
        score = _score(doc, parts, doc_id in every)
        if corrected:
            score = max(score, _score(doc, fixed, doc_id in every_fixed) / 2)
        if score <= 0:
            continue
        coverage = sum(len(p) for p in parts if p in doc.title_n) / max(1, len(doc.title_n))
        ranked.append((-score * doc.weight, -coverage, position, doc))
    ranked.sort(key=lambda entry: entry[:3])
    if not ranked:
        return [], None
    top = ranked[0][-1]
    if corrected and _score(top, fixed, top.id in every_fixed) / 2 > _score(top, parts, top.id in every):
        parts = fixed  # the results are for the corrected words: say so, and mark those
    else:
        corrected = None
    shown = ranked[:limit]
    bodies = dict(db.session.execute(
        select(SearchDoc.id, SearchDoc.body).where(SearchDoc.id.in_([doc.id for *_r, doc in shown]))).all())
    return [_hit(doc, bodies.get(doc.id, ""), parts, -score) for score, _c, _p, doc in shown], corrected


def _score(doc: SearchDoc, parts, in_body: bool) -> float:
    """Each word scores by the best field it is in: full points at the start
    of a word, half inside one (ضريبي in الضريبي); a word found by the
    engine in none of the short fields is in the body (1)."""
    total = 0.0
    for part in parts:
        best = 0.0
        for name, points in FIELD_SCORES:
            text = getattr(doc, name)
            if part in text:
                whole = f" {text}".find(f" {part}") >= 0
                best = max(best, points if whole else points / 2)
        total += best or (1.0 if in_body else 0.0)
    return total


def _needles(parts) -> list[str]:
    return [part.replace(" ", "") for part in parts]


def highlight(text: str, parts) -> Highlighted:
    if not any(needle in normalise(text) for needle in _needles(parts)):
        return Highlighted(text)
    normal, where = char_map(text)
    spans = []
    for needle in _needles(parts):
        for found in re.finditer(re.escape(needle), normal):
            spans.append((where[found.start()], where[found.end() - 1] + 1))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return Highlighted(text, merged)


def _snippet(doc: SearchDoc, body: str, parts) -> Highlighted:
    needles = _needles(parts)
    summary = normalise(doc.summary)
    if doc.summary and any(n in summary for n in needles) or not body:
        return highlight(doc.summary, parts)
    # The first stretch of the body that names a query word: found in the
    # normalised body, whose positions are close to the original's.
    normal = normalise(body)
    found = [normal.find(n) for n in needles if n in normal]
    if found:
        at = int(min(found) * len(body) / max(1, len(normal)))
        begin = max(0, at - SNIPPET // 2)
        text = body[begin: begin + 2 * SNIPPET]
        text = ("…" if begin else "") + text + ("…" if begin + 2 * SNIPPET < len(body) else "")
        return highlight(text, parts)
    return highlight(doc.summary, parts)


def _hit(doc: SearchDoc, body: str, parts, score: float) -> SearchHit:
    return SearchHit(doc.kind, doc.slug, doc.lang, doc.url, highlight(doc.title, parts),
                     _snippet(doc, body, parts), round(score, 2))


def offline_documents(lang: str) -> list[SearchDoc]:
    """Every indexed document of ``lang``, for the device's index."""
    return list(db.session.execute(
        select(SearchDoc).where(SearchDoc.lang == lang).order_by(SearchDoc.kind, SearchDoc.slug)).scalars())
