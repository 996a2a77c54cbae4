"""The one publish service: validate everything, then write in one transaction.

Every kind in :mod:`portal.content.kinds` goes through it: one history, one
freshness rule and one change feed, whatever the kind.

Either every change in ``content/`` is published, or nothing is and the
previous version stays live. Unchanged translations are left untouched, so
publishing twice is a no-op.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path

from flask import current_app
from sqlalchemy.orm import load_only, selectinload

from ..extensions import db
from ..i18n import SOURCE_LANGUAGE
from ..models import ChangeEvent, Guide, Revision, Topic, Translation, utcnow
from ..search import indexer as search_index
from .freshness import update_freshness
from .kinds import KINDS, Kind
from .loader import ContentSet, GuideFile, Problem, load
from .schemas import json_safe


@dataclass
class PublishResult:
    content: ContentSet
    published: bool = False
    # counts[lang][added|changed|unchanged|unpublished]
    counts: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    # (item_type, slug, lang) of every change event written, and topics whose
    # list of guides changed.
    events: set = field(default_factory=set)
    topics_touched: set = field(default_factory=set)
    # Who made a file's change, by file (``guides/<slug>/ar.md``), when it is
    # not the publish's author (a translator named in an imported PO file).
    authors: dict[str, str] = field(default_factory=dict)
    # Entries edited in the workspace that these files would overwrite
    # (portal.editor.truth.Overwrite), when publish refused for them.
    conflicts: list = field(default_factory=list)

    @property
    def problems(self) -> list[Problem]:
        return self.content.problems


def known_source_hashes() -> dict[tuple[str, str], set[str]]:
    """Every Portuguese revision hash ever published, by (kind, slug)."""
    rows = db.session.execute(
        db.select(Guide.kind, Guide.slug, Revision.content_hash)
        .join(Translation, Translation.guide_id == Guide.id)
        .join(Revision, Revision.translation_id == Translation.id)
        .where(Translation.lang == SOURCE_LANGUAGE)
    )
    known: dict[tuple[str, str], set[str]] = defaultdict(set)
    for kind, slug, content_hash in rows:
        known[kind, slug].add(content_hash)
    return known


def published_parts(kind: str | None = None, slug: str | None = None
                    ) -> dict[tuple[str, str, str], tuple[str, dict]]:
    """(kind, slug, lang) -> (hash, parts) of every live translation (or of
    one item's, to check that item alone)."""
    query = (
        db.select(Guide.kind, Guide.slug, Translation.lang, Revision.content_hash, Revision.parts)
        .join(Translation, Translation.guide_id == Guide.id)
        .join(Revision, Revision.id == Translation.current_revision_id)
        .where(Translation.published.is_(True))
    )
    if kind is not None:
        query = query.where(Guide.kind == kind, Guide.slug == slug)
    rows = db.session.execute(query)
    return {(kind, slug, lang): (digest, parts) for kind, slug, lang, digest, parts in rows}


MAX_AUTHOR = 200  # Revision.author


def author_problem(author: str | None) -> Problem | None:
    """Publish records ``--author`` with every new revision: refuse what the
    column cannot hold, before anything is written."""
    if author is None:
        return None
    if len(author) > MAX_AUTHOR:
        return Problem("--author", 1, "author", f"too long ({len(author)} characters); the limit is {MAX_AUTHOR}")
    if any(ord(char) < 32 or ord(char) == 127 for char in author):
        return Problem("--author", 1, "author", "contains control characters")
    return None


def check(root: Path, author: str | None = None, max_age_days: int | None = None,
          strict: bool = False) -> ContentSet:
    """Load and validate, including checks against what is already published
    and the author publish would record: ``check`` refuses whatever
    ``publish`` would.

    ``max_age_days`` defaults to the app's ``CONTENT_MAX_AGE_DAYS``; with
    ``strict`` the editors' plain-language warnings count as errors."""
    if max_age_days is None:
        max_age_days = int(current_app.config.get("CONTENT_MAX_AGE_DAYS", 183))
    cache = current_app.config.get("CONTENT_CHECK_CACHE")
    content = load(root, published_parts(), max_age_days=max_age_days, strict=strict,
                   check_cache=Path(cache) if cache else None)
    refused = author_problem(author)
    if refused is not None:
        content.problems.append(refused)
    known = known_source_hashes()
    for kind in KINDS.values():
        for slug, files in content.items[kind.name].items():
            hashes = known.get((kind.name, slug), set()) | {files[SOURCE_LANGUAGE].content_hash}
            for item_file in files.values():
                wanted = item_file.data.get("source_revision")
                if not item_file.is_source and wanted not in hashes:
                    content.problems.append(Problem(
                        item_file.path, item_file.lines.get("source_revision", 2),
                        "source_revision",
                        f"no Portuguese revision {wanted!r} exists for this {kind.noun}"))
    return content


def publish(root: Path, author: str | None = None, minor: bool = False,
            max_age_days: int | None = None, strict: bool = False,
            authors: dict[str, str] | None = None, force: bool = False,
            before_commit=None) -> PublishResult:
    """Publish ``root``; on any error (with ``strict``, any plain-language
    warning), write nothing. ``authors`` names the author of single files
    (by path under ``root``) where it differs from ``author``.

    Entries edited in the workspace since the files' base revision are not
    overwritten (each is a problem, with ``result.conflicts`` for the diff)
    unless ``force`` (:mod:`portal.editor.truth`). ``before_commit(result)``
    runs inside the transaction, after everything is written (the
    workspace marks its draft published there)."""
    from ..editor.truth import workspace_conflicts

    result = PublishResult(check(root, author, max_age_days=max_age_days, strict=strict),
                           authors=dict(authors or {}))
    if not force and not result.content.errors:
        result.conflicts = workspace_conflicts(result.content)
        result.content.problems.extend(conflict.problem for conflict in result.conflicts)
    for path, name in result.authors.items():
        refused = author_problem(name)
        if refused is not None:
            result.content.problems.append(replace(refused, path=path))
    if result.content.errors:
        return result
    try:
        take_publish_lock()
        first_event = _next_event_id()
        _write(result, author, minor)
        announce_translation_lists(result, first_event)
        _audit(result, author)
        if before_commit is not None:
            before_commit(result)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    result.published = True
    return result


def _audit(result: PublishResult, author: str | None) -> None:
    """A publish that changed something is in the audit log, in its own
    transaction (by the logged-in editor, or by the command line)."""
    from ..editor import audit

    changed = {lang: {action: number for action, number in counter.items() if action != "unchanged" and number}
               for lang, counter in result.counts.items()}
    changed = {lang: counts for lang, counts in sorted(changed.items()) if counts}
    if changed:
        audit.record("published", "content", {"author": author, "counts": changed})


class PublishBusy(RuntimeError):
    """Another publish held the database for longer than we would wait."""


def take_publish_lock() -> None:
    """One publisher at a time, taken before reading what to write: a second
    publisher waits here, then sees the first one's result, instead of both
    inserting the same rows. PostgreSQL: a transaction-level advisory lock.
    SQLite: the database's
    write lock (``BEGIN IMMEDIATE``), waiting up to ``PUBLISH_LOCK_TIMEOUT``
    seconds before refusing with :class:`PublishBusy`."""
    if db.engine.dialect.name == "postgresql":
        db.session.execute(db.text("SELECT pg_advisory_xact_lock(:key)"), {"key": PUBLISH_LOCK})
        return
    if db.engine.dialect.name != "sqlite":
        return
    import sqlite3

    connection = db.session.connection().connection.driver_connection
    if connection.in_transaction:
        return  # already writing in this transaction: the lock is held
    wait = float(current_app.config.get("PUBLISH_LOCK_TIMEOUT", 60))
    before = connection.execute("PRAGMA busy_timeout").fetchone()[0]
    connection.execute(f"PRAGMA busy_timeout = {int(wait * 1000)}")
    try:
        connection.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        if "locked" not in str(exc):
            raise
        raise PublishBusy(f"another publish has been writing for over {wait:.0f} s; "
                          "nothing was published: try again when it has finished") from exc
    finally:
        connection.execute(f"PRAGMA busy_timeout = {int(before)}")


def _next_event_id() -> int:
    return (db.session.execute(db.select(db.func.max(ChangeEvent.id))).scalar() or 0) + 1


def announce_translation_lists(result: PublishResult, first_event: int) -> None:
    """A translation published or unpublished changes the guide's list of
    languages on its page in every language: write an ``updated`` event
    (unchanged hash) for each other live translation of that guide that has
    no event in this publish yet, so partners following one language hear
    of it. Languages without a translation follow the ``pt`` event."""
    db.session.flush()
    slugs = set(db.session.execute(
        db.select(ChangeEvent.slug).where(
            ChangeEvent.id >= first_event, ChangeEvent.item_type == "guide",
            ChangeEvent.action.in_(("created", "unpublished")))
    ).scalars())
    if not slugs:
        return
    live = db.session.execute(
        db.select(Guide.slug, Translation.lang, Revision.content_hash)
        .join(Translation, Translation.guide_id == Guide.id)
        .join(Revision, Revision.id == Translation.current_revision_id)
        .where(Guide.slug.in_(slugs), Guide.published.is_(True), Translation.published.is_(True))
        .order_by(Guide.slug, Translation.lang)
    )
    for slug, lang, digest in live:
        if ("guide", slug, lang) not in result.events:
            _event(result, "updated", "guide", slug, lang, digest)


def _event(result, action: str, item_type: str, slug: str, lang: str | None, content_hash: str | None):
    result.events.add((item_type, slug, lang))
    db.session.add(ChangeEvent(
        action=action, item_type=item_type, slug=slug, lang=lang, content_hash=content_hash))


PUBLISH_LOCK = 0x4143_4F4C  # "ACOL": one publisher at a time on PostgreSQL


def _write(result: PublishResult, author: str | None, minor: bool) -> None:
    """Write every kind: topics, then each kind's items, then freshness, the
    topics whose list of guides changed, and the search index. The caller
    holds the publish lock (:func:`take_publish_lock`)."""
    topics = _write_topics(result.content, result)
    written: list = []  # items with new rows not yet released from the session
    pending = 0  # new revisions since the last release
    items: list[Guide] = []
    for kind in KINDS.values():
        existing = _existing_items(kind)
        for slug, files in result.content.items[kind.name].items():
            changed = _write_item(result, kind, existing, slug, files, topics, author, minor)
            if changed:
                written.append(existing[slug])
                pending += changed
            if pending >= RELEASE_EVERY:
                _release(written)
                pending = 0
        _unpublish_removed(result, kind, existing)
        items += existing.values()
    _release(written)
    _record_freshness(result, [item for item in items if item.published])
    _record_topics(result, topics)
    db.session.flush()
    search_index.update(result)


def _existing_items(kind: Kind) -> dict[str, Guide]:
    """Every row of ``kind``, published or not, by slug."""
    # Only what publishing compares: not the bodies of 24,000 revisions.
    light = load_only(Revision.id, Revision.number, Revision.content_hash, Revision.source_hash)
    return {
        item.slug: item
        for item in db.session.execute(
            db.select(Guide).where(Guide.kind == kind.name).options(
                selectinload(Guide.topic),
                selectinload(Guide.translations).selectinload(Translation.current).options(light),
            )
        ).scalars()
    }


def _topic_slug(item: Guide) -> str | None:
    return item.topic.slug if item.topic and item.published else None


def _write_item(result, kind: Kind, existing: dict[str, Guide], slug: str, files: dict,
                topics: dict[str, Topic], author, minor) -> int:
    """One item in every language; returns how many translations changed."""
    item = existing.get(slug)
    if item is None:
        item = existing[slug] = Guide(kind=kind.name, slug=slug, translations=[])
        db.session.add(item)
    before = _topic_slug(item)
    _update_guide(item, kind, files[SOURCE_LANGUAGE], topics)
    if before != _topic_slug(item):
        result.topics_touched.update(filter(None, (before, _topic_slug(item))))
    by_lang = {t.lang: t for t in item.translations}
    changed = 0
    # The source first: translations are checked against its new revision.
    for lang in sorted(files, key=lambda code: code != SOURCE_LANGUAGE):
        action = _write_translation(result, kind, item, by_lang.get(lang), files[lang], author, minor)
        result.counts[lang][action] += 1
        changed += action in ("added", "changed")
    for lang, translation in by_lang.items():
        if lang not in files and translation.published:
            _unpublish(item, translation, result)
    return changed


def _unpublish_removed(result: PublishResult, kind: Kind, existing: dict[str, Guide]) -> None:
    """Items whose folder is gone stay in the database, unpublished."""
    for slug, item in existing.items():
        if slug not in result.content.items[kind.name] and item.published:
            item.published = False
            if item.topic is not None:
                result.topics_touched.add(item.topic.slug)
            for translation in item.translations:
                if translation.published:
                    _unpublish(item, translation, result)


def _record_freshness(result: PublishResult, items: list[Guide]) -> None:
    """Readers of a translation see its freshness, so a change of freshness is
    a change partners must hear about, like a change of the text."""
    for item, translation, digest in update_freshness(items):
        if (item.kind, item.slug, translation.lang) not in result.events and translation.published:
            _event(result, "updated", item.kind, item.slug, translation.lang, digest)


def _record_topics(result: PublishResult, topics: dict[str, Topic]) -> None:
    for slug in sorted(result.topics_touched):
        topic = topics.get(slug)
        if topic is not None and topic.published and ("topic", slug, None) not in result.events:
            _event(result, "updated", "topic", slug, None, topic.content_hash)


RELEASE_EVERY = 200


def _release(guides: list[Guide]) -> None:
    """Write what is pending and let go of the new revisions and events, so a
    publish of tens of thousands of files keeps a small memory footprint (the
    transaction stays open: nothing is committed before the end)."""
    db.session.flush()
    for obj in list(db.session.new) + [o for o in db.session.identity_map.values()
                                       if isinstance(o, (Revision, ChangeEvent))]:
        if isinstance(obj, (Revision, ChangeEvent)):
            db.session.expunge(obj)
    for guide in guides:
        for translation in guide.translations:
            db.session.expire(translation, ["current"])
    guides.clear()


def _write_topics(content: ContentSet, result: PublishResult) -> dict[str, Topic]:
    existing = {t.slug: t for t in db.session.execute(db.select(Topic)).scalars()}
    for entry in content.topics:
        topic = existing.get(entry["slug"])
        new_hash = content.topic_hashes[entry["slug"]]
        if topic is not None and topic.content_hash == new_hash and topic.published:
            continue
        action = "created" if topic is None or not topic.published else "updated"
        if topic is None:
            topic = existing[entry["slug"]] = Topic(slug=entry["slug"])
            db.session.add(topic)
        topic.icon, topic.titles = entry["icon"], entry["title"]
        topic.position, topic.content_hash = entry["position"], new_hash
        topic.published, topic.updated_at = True, utcnow()
        _event(result, action, "topic", topic.slug, None, new_hash)
    listed = {entry["slug"] for entry in content.topics}
    for slug, topic in existing.items():
        if slug not in listed and topic.published:
            topic.published = False
            _event(result, "unpublished", "topic", slug, None, None)
    return existing


def _update_guide(item: Guide, kind: Kind, source: GuideFile, topics: dict[str, Topic]) -> None:
    """The language-independent facts, from the source file."""
    kind.apply(item, source.data, topics)


def _meta(data: dict) -> dict:
    """Front matter as JSON-safe values, for export (dates as ISO text, also
    inside lists and mappings: a course session's meetings)."""
    return {key: json_safe(value) for key, value in data.items() if key != "minor"}


def _write_translation(result, kind: Kind, guide, translation, guide_file: GuideFile,
                       author, minor) -> str:
    current = translation.current if translation else None
    if current is not None and current.content_hash == guide_file.content_hash:
        if translation.published:
            return "unchanged"
        translation.published = True
        _event(result, "created", kind.name, guide.slug, guide_file.lang, guide_file.content_hash)
        return "added"
    action = "changed" if translation is not None and translation.published else "added"
    if translation is None:
        translation = Translation(lang=guide_file.lang, revisions=[])
        guide.translations.append(translation)
    data, rendered = guide_file.data, guide_file.rendered
    revision = Revision(
        number=translation.current.number + 1 if translation.current else 1,
        content_hash=guide_file.content_hash,
        **kind.words(data, rendered),
        body_md=guide_file.body, body_html=rendered.html, parts=rendered.parts,
        meta=_meta(data),
        source_hash=data.get("source_revision"),
        method=data.get("translation", "human"),
        minor=bool(minor or data.get("minor")) if guide_file.is_source else False,
        author=result.authors.get(guide_file.path, author),
        created_at=utcnow(),
    )
    revision.translation = translation
    translation.current = revision
    translation.published = True
    translation.updated_at = revision.created_at
    _event(result, "created" if action == "added" else "updated", kind.name, guide.slug,
           guide_file.lang, guide_file.content_hash)
    return action


def _unpublish(guide: Guide, translation: Translation, result: PublishResult) -> None:
    translation.published = False
    result.counts[translation.lang]["unpublished"] += 1
    _event(result, "unpublished", guide.kind, guide.slug, translation.lang, None)
