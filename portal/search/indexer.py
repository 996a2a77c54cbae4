"""The search index, written by publish inside its transaction: a search
never shows what is not published and never misses what is.

Generic over the registry (:mod:`portal.content.kinds`): every kind's
published revisions are indexed with their title, summary and body as
text, the terms the kind adds (``Kind.search_terms``) and its weight, at
``Kind.url``; topics are indexed by their titles. A new kind is searchable
once registered.

A publish re-indexes the items it wrote change events for. When synonyms
or the glossary changed (glossary terms are synonyms), or the index is
empty, every document is indexed again, one language at a time.
"""
from __future__ import annotations

from sqlalchemy import delete, select, tuple_

from ..content.glossary import plain_text
from ..content.kinds import KINDS, SEARCHABLE
from ..extensions import db
from ..i18n import LANGUAGES
from ..models import Guide, Revision, SearchDoc, SearchSynonyms, Topic, Translation, utcnow
from .engines import engine_for
from .normalise import index_text
from .synonyms import Expander, glossary_groups

MAX_BODY = 20_000  # characters of body text kept for matching and snippets
TOPIC_WEIGHT = 1.0


def update(result) -> None:
    """Bring the index in line with what ``result`` (a publish) wrote."""
    changed_synonyms = write_synonyms(result.content.synonyms)
    events = result.events
    empty = db.session.execute(select(SearchDoc.id).limit(1)).first() is None
    full = empty or bool(changed_synonyms) or any(kind == "glossary" for kind, _slug, _lang in events)
    if full:
        reindex()
        return
    items = {(kind, slug) for kind, slug, _lang in events if kind in SEARCHABLE}
    topics = {slug for kind, slug, _lang in events if kind == "topic"}
    if items or topics:
        _index(items=items, topics=topics)


def write_synonyms(files: dict[str, tuple[str, list]]) -> set[str]:
    """Publish the synonym files; the languages whose groups changed."""
    existing = {row.lang: row for row in db.session.execute(select(SearchSynonyms)).scalars()}
    changed = set()
    for lang, (digest, groups) in files.items():
        row = existing.get(lang)
        if row is None:
            db.session.add(SearchSynonyms(lang=lang, content_hash=digest, groups=groups, updated_at=utcnow()))
        elif row.content_hash != digest:
            row.content_hash, row.groups, row.updated_at = digest, groups, utcnow()
        else:
            continue
        changed.add(lang)
    for lang, row in existing.items():
        if lang not in files:
            db.session.delete(row)
            changed.add(lang)
    db.session.flush()
    return changed


def reindex() -> None:
    """Every document again (``flask search reindex`` and full updates)."""
    for lang in LANGUAGES:
        _index(lang=lang)


def _expander(lang: str) -> Expander:
    row = db.session.get(SearchSynonyms, lang)
    groups = list(row.groups) if row else []
    terms = db.session.execute(
        select(Guide.facts, Revision.title)
        .join(Translation, Translation.guide_id == Guide.id)
        .join(Revision, Revision.id == Translation.current_revision_id)
        .where(Guide.kind == "glossary", Guide.published.is_(True), Translation.published.is_(True),
               Translation.lang == lang)
    ).all()
    return Expander(groups + glossary_groups([(facts or {}, title) for facts, title in terms]))


def _index(lang: str | None = None, items: set | None = None, topics: set | None = None) -> None:
    """Index one whole language, or the given items and topics in every language."""
    engine = engine_for(db.session)
    if lang is not None:
        stale = select(SearchDoc.id).where(SearchDoc.lang == lang)
    else:
        keys = list(items or ()) + [("topic", slug) for slug in topics or ()]
        stale = select(SearchDoc.id).where(tuple_(SearchDoc.kind, SearchDoc.slug).in_(keys)) if keys else None
    if stale is not None:
        ids = list(db.session.execute(stale).scalars())
        engine.remove(ids)
        for start in range(0, len(ids), 500):
            db.session.execute(delete(SearchDoc).where(SearchDoc.id.in_(ids[start:start + 500])))
    expanders: dict[str, Expander] = {}

    def expander(code: str) -> Expander:
        if code not in expanders:
            expanders[code] = _expander(code)
        return expanders[code]

    docs = []
    query = (
        select(Guide, Translation.lang, Revision.title, Revision.summary, Revision.body_html)
        .join(Translation, Translation.guide_id == Guide.id)
        .join(Revision, Revision.id == Translation.current_revision_id)
        .where(Guide.published.is_(True), Translation.published.is_(True), Guide.kind.in_(SEARCHABLE))
    )
    if lang is not None:
        query = query.where(Translation.lang == lang)
    else:
        wanted = [key for key in items or () if key[0] in SEARCHABLE]
        query = query.where(tuple_(Guide.kind, Guide.slug).in_(wanted)) if wanted else None
    if query is not None:
        for item, code, title, summary, body_html in db.session.execute(query):
            kind = KINDS[item.kind]
            terms = kind.search_terms(item) if kind.search_terms else []
            docs.append(_doc(expander(code), item.kind, item.slug, code, kind.url(item.slug, code),
                             title, summary, plain_text(body_html, MAX_BODY), terms, kind.search_weight))
    topic_query = select(Topic).where(Topic.published.is_(True))
    if lang is None:
        topic_query = topic_query.where(Topic.slug.in_(list(topics or ()))) if topics else None
    if topic_query is not None:
        for topic in db.session.execute(topic_query).scalars():
            for code in [lang] if lang else list(LANGUAGES):
                docs.append(_doc(expander(code), "topic", topic.slug, code, f"/{code}/topics/{topic.slug}",
                                 topic.title(code), "", "", [], TOPIC_WEIGHT))
    db.session.add_all(docs)
    db.session.flush()
    engine.write(docs)
    for doc in docs:
        db.session.expunge(doc)


def _doc(expander: Expander, kind, slug, lang, url, title, summary, body, terms, weight) -> SearchDoc:
    title_n = index_text(title)
    own = [n for n in (index_text(t) for t in terms) if n]
    found = expander.terms(" ".join([title_n, *own]))
    terms_n = " ".join(dict.fromkeys([*own, *found]))
    return SearchDoc(kind=kind, slug=slug, lang=lang, url=url, title=title[:300], summary=summary or "",
                     body=body, weight=weight, title_n=title_n, terms_n=terms_n,
                     summary_n=index_text(summary or ""), body_n=index_text(body))
