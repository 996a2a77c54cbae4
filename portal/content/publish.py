"""The one publish service: validate everything, then write in one transaction.

Either every change in ``content/`` is published, or nothing is and the
previous version stays live. Unchanged translations are left untouched, so
publishing twice is a no-op.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from flask import current_app
from sqlalchemy.orm import load_only, selectinload

from ..extensions import db
from ..i18n import SOURCE_LANGUAGE
from ..models import ChangeEvent, Guide, Revision, Topic, Translation, utcnow
from .loader import ContentSet, GuideFile, Problem, load


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

    @property
    def problems(self) -> list[Problem]:
        return self.content.problems


def known_source_hashes() -> dict[str, set[str]]:
    """Every Portuguese revision hash ever published, by guide slug."""
    rows = db.session.execute(
        db.select(Guide.slug, Revision.content_hash)
        .join(Translation, Translation.guide_id == Guide.id)
        .join(Revision, Revision.translation_id == Translation.id)
        .where(Translation.lang == SOURCE_LANGUAGE)
    )
    known: dict[str, set[str]] = defaultdict(set)
    for slug, content_hash in rows:
        known[slug].add(content_hash)
    return known


def published_parts() -> dict[tuple[str, str], tuple[str, dict]]:
    """(slug, lang) -> (hash, parts) of every live translation."""
    rows = db.session.execute(
        db.select(Guide.slug, Translation.lang, Revision.content_hash, Revision.parts)
        .join(Translation, Translation.guide_id == Guide.id)
        .join(Revision, Revision.id == Translation.current_revision_id)
        .where(Translation.published.is_(True))
    )
    return {(slug, lang): (digest, parts) for slug, lang, digest, parts in rows}


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


def check(root: Path, author: str | None = None) -> ContentSet:
    """Load and validate, including checks against what is already published
    and the author publish would record: ``check`` refuses whatever
    ``publish`` would."""
    content = load(root, published_parts())
    refused = author_problem(author)
    if refused is not None:
        content.problems.append(refused)
    known = known_source_hashes()
    for slug, files in content.guides.items():
        hashes = known.get(slug, set()) | {files[SOURCE_LANGUAGE].content_hash}
        for guide_file in files.values():
            wanted = guide_file.data.get("source_revision")
            if not guide_file.is_source and wanted not in hashes:
                content.problems.append(Problem(
                    guide_file.path, guide_file.lines.get("source_revision", 2),
                    "source_revision",
                    f"no Portuguese revision {wanted!r} exists for this guide"))
    return content


def publish(root: Path, author: str | None = None, minor: bool = False) -> PublishResult:
    """Publish ``root``; on any error, write nothing."""
    result = PublishResult(check(root, author))
    if result.content.errors:
        return result
    try:
        take_publish_lock()
        first_event = _next_event_id()
        _write(result, author, minor)
        announce_translation_lists(result, first_event)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    result.published = True
    return result


class PublishBusy(RuntimeError):
    """Another publish held the database for longer than we would wait."""


def take_publish_lock() -> None:
    """One publisher at a time, taken before reading what to write: a second
    publisher waits here, then sees the first one's result, instead of both
    inserting the same rows. PostgreSQL: a transaction-level advisory lock
    (taken again, harmlessly, in :func:`_write`). SQLite: the database's
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
    if db.engine.dialect.name == "postgresql":
        db.session.execute(db.text("SELECT pg_advisory_xact_lock(:key)"), {"key": PUBLISH_LOCK})
    content = result.content
    topics = _write_topics(content, result)
    # Only what publishing compares: not the bodies of 24,000 revisions.
    light = load_only(Revision.id, Revision.number, Revision.content_hash, Revision.source_hash)
    guides = {
        g.slug: g
        for g in db.session.execute(
            db.select(Guide).options(
                selectinload(Guide.topic),
                selectinload(Guide.translations).selectinload(Translation.current).options(light),
            )
        ).scalars()
    }
    written: list = []  # new rows not yet released from the session
    for slug, files in content.guides.items():
        guide = guides.get(slug)
        if guide is None:
            guide = guides[slug] = Guide(slug=slug, translations=[])
            db.session.add(guide)
        before = guide.topic.slug if guide.topic and guide.published else None
        _update_guide(guide, files[SOURCE_LANGUAGE], topics)
        if before != guide.topic.slug:
            result.topics_touched.update(filter(None, (before, guide.topic.slug)))
        by_lang = {t.lang: t for t in guide.translations}
        # The source first: translations are checked against its new revision.
        for lang in sorted(files, key=lambda code: code != SOURCE_LANGUAGE):
            action = _write_translation(result, guide, by_lang.get(lang), files[lang], author, minor)
            result.counts[lang][action] += 1
            if action in ("added", "changed"):
                written.append(guide)
        for lang, translation in by_lang.items():
            if lang not in files and translation.published:
                _unpublish(guide, translation, result)
        if len(written) >= RELEASE_EVERY:
            _release(written)
    for slug, guide in guides.items():
        if slug not in content.guides and guide.published:
            guide.published = False
            result.topics_touched.add(guide.topic.slug)
            for translation in guide.translations:
                if translation.published:
                    _unpublish(guide, translation, result)
    _release(written)
    # Readers of a translation see its freshness, so a change of freshness is
    # a change partners must hear about, like a change of the text.
    for guide, translation, digest in update_freshness([g for g in guides.values() if g.published]):
        if ("guide", guide.slug, translation.lang) not in result.events and translation.published:
            _event(result, "updated", "guide", guide.slug, translation.lang, digest)
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


def _update_guide(guide: Guide, source: GuideFile, topics: dict[str, Topic]) -> None:
    data = source.data
    guide.topic = topics[data["topic"]]
    guide.position = data["order"]
    guide.last_checked = data["last_checked"]
    guide.where_to_go = data["where_to_go"]
    guide.related = data["related"]
    guide.sources = data["sources"]
    guide.published = True


def _meta(data: dict) -> dict:
    """Front matter as JSON-safe values, for export."""
    return {
        key: value.isoformat() if isinstance(value, date) else value
        for key, value in data.items() if key != "minor"
    }


def _write_translation(result, guide, translation, guide_file: GuideFile, author, minor) -> str:
    current = translation.current if translation else None
    if current is not None and current.content_hash == guide_file.content_hash:
        if translation.published:
            return "unchanged"
        translation.published = True
        _event(result, "created", "guide", guide.slug, guide_file.lang, guide_file.content_hash)
        return "added"
    action = "changed" if translation is not None and translation.published else "added"
    if translation is None:
        translation = Translation(lang=guide_file.lang, revisions=[])
        guide.translations.append(translation)
    data, rendered = guide_file.data, guide_file.rendered
    revision = Revision(
        number=translation.current.number + 1 if translation.current else 1,
        content_hash=guide_file.content_hash,
        title=data["title"], summary=data["summary"],
        cost=data["cost"], duration=data["duration"],
        body_md=guide_file.body, body_html=rendered.html, parts=rendered.parts,
        meta=_meta(data),
        source_hash=data.get("source_revision"),
        method=data.get("translation", "human"),
        minor=bool(minor or data.get("minor")) if guide_file.is_source else False,
        author=author,
        created_at=utcnow(),
    )
    revision.translation = translation
    translation.current = revision
    translation.published = True
    translation.updated_at = revision.created_at
    _event(result, "created" if action == "added" else "updated", "guide", guide.slug,
           guide_file.lang, guide_file.content_hash)
    return action


def _unpublish(guide: Guide, translation: Translation, result: PublishResult) -> None:
    translation.published = False
    result.counts[translation.lang]["unpublished"] += 1
    _event(result, "unpublished", "guide", guide.slug, translation.lang, None)


def update_freshness(guides: list[Guide]) -> list[tuple[Guide, Translation, str]]:
    """Mark each translation outdated from the first non-minor source change
    after the revision it was translated from; return those that flipped."""
    flipped = []
    histories = _source_histories()
    current = dict(db.session.execute(
        db.select(Translation.id, Revision).join(Revision, Revision.id == Translation.current_revision_id)
        .options(load_only(Revision.content_hash, Revision.source_hash))
    ).all())
    for guide in guides:
        source = next((t for t in guide.translations if t.lang == SOURCE_LANGUAGE), None)
        if source is None:
            continue
        history = histories.get(source.id, [])
        for translation in guide.translations:
            revision = current.get(translation.id)
            if translation is source or revision is None:
                continue
            since = outdated_since(history, revision.source_hash)
            if (since is None) != (translation.outdated_since is None):
                flipped.append((guide, translation, revision.content_hash))
                translation.updated_at = utcnow()  # readers see a different page
            translation.outdated_since = since
    return flipped


def _source_histories() -> dict[int, list]:
    """Every source revision (hash, minor, time), by translation, oldest first."""
    rows = db.session.execute(
        db.select(Revision.translation_id, Revision.content_hash, Revision.minor, Revision.created_at)
        .join(Translation, Translation.id == Revision.translation_id)
        .where(Translation.lang == SOURCE_LANGUAGE)
        .order_by(Revision.translation_id, Revision.number)
    )
    histories: dict[int, list] = defaultdict(list)
    for row in rows:
        histories[row.translation_id].append(row)
    return histories


def outdated_since(history: list[Revision], source_hash: str | None):
    positions = [i for i, rev in enumerate(history) if rev.content_hash == source_hash]
    later = history[positions[-1] + 1:] if positions else history
    changes = [rev for rev in later if not rev.minor]
    return changes[0].created_at if changes else None
