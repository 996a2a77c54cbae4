"""Translation freshness: a translation is outdated from the first non-minor
source revision after the one it was translated from. Computed at publish
time, for every kind, because it can only change then."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import load_only

from ..extensions import db
from ..i18n import SOURCE_LANGUAGE
from ..models import Guide, Revision, Translation, utcnow


def update_freshness(guides: list[Guide]) -> list[tuple[Guide, Translation, str]]:
    """Mark each translation outdated from the first non-minor source change
    after the revision it was translated from; return those that flipped."""
    flipped = []
    histories = _source_histories()
    current = dict(db.session.execute(
        db.select(Translation.id, Revision).join(Revision, Revision.id == Translation.current_revision_id)
        .options(load_only(Revision.content_hash, Revision.source_hash))
    ).all())
    from .kinds import KINDS

    records = _record_histories(guides)
    for guide in guides:
        source = next((t for t in guide.translations if t.lang == SOURCE_LANGUAGE), None)
        if source is None:
            continue
        history = histories.get(source.id, [])
        kind = KINDS.get(guide.kind)
        for translation in guide.translations:
            revision = current.get(translation.id)
            if translation is source or revision is None:
                continue
            if kind is not None and kind.layout == "records":
                changed = [change.since for change in record_changes(
                    kind, records.get(source.id, []), records.get(translation.id, [])).values() if change]
                since = min(changed) if changed else None
            else:
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


# --- records ---------------------------------------------------------------------------
# A record's languages share one file, so every Portuguese publish gives each
# language a new revision naming the new Portuguese hash: ``source_hash``
# alone would call every translation of a record up to date. Freshness of a
# record's language is told field by field instead.


@dataclass(frozen=True)
class FieldChange:
    """How the Portuguese of one field changed since a language's text of it
    was last revised."""

    then: str | None  # the Portuguese the text was translated from
    now: str | None  # the Portuguese today
    since: datetime  # the first (not minor) Portuguese revision that changed it


def record_texts(kind, revision) -> dict[str, str | None]:
    """{translatable field: text or None} of one language's revision of a record."""
    meta = (revision.meta or {}) if revision is not None else {}
    out = {}
    for name in kind.translatable:
        value = ((revision.body_md or "") if revision is not None else "") if name == kind.body_field \
            else meta.get(name)
        out[name] = value.strip() if isinstance(value, str) and value.strip() else None
    return out


def record_changes(kind, source_history: list, history: list) -> dict[str, FieldChange | None]:
    """For each translatable field the newest revision of ``history`` (one
    language's revisions, oldest first) has a text in: how the Portuguese
    (``source_history``, oldest first) changed since that text was last
    revised, or None (unchanged, changed only by minor edits, or not known).

    The revision a text was last revised in is the oldest of the newest run
    of revisions holding that same text; the Portuguese it was made from is
    the revision its ``source_hash`` names."""
    if not history or not source_history:
        return {}
    texts = [record_texts(kind, revision) for revision in history]
    source_texts = [record_texts(kind, revision) for revision in source_history]
    position = {revision.content_hash: i for i, revision in enumerate(source_history)}  # the newest wins
    out: dict[str, FieldChange | None] = {}
    for name in kind.translatable:
        if texts[-1][name] is None:
            continue
        index = len(history) - 1
        while index > 0 and texts[index - 1][name] == texts[-1][name]:
            index -= 1
        made = position.get(history[index].source_hash or "")
        if made is None:
            out[name] = None
            continue
        since = next((source_history[i].created_at for i in range(made + 1, len(source_history))
                      if not source_history[i].minor and source_texts[i][name] != source_texts[i - 1][name]),
                     None)
        then, now = source_texts[made][name], source_texts[-1][name]
        out[name] = FieldChange(then, now, since) if since is not None and then != now else None
    return out


def _record_histories(guides: list[Guide]) -> dict[int, list]:
    """Every revision of the records among ``guides``, by translation, oldest first."""
    from .kinds import KINDS

    ids = [t.id for guide in guides if getattr(KINDS.get(guide.kind), "layout", "") == "records"
           for t in guide.translations]
    histories: dict[int, list] = defaultdict(list)
    for start in range(0, len(ids), 500):
        rows = db.session.execute(
            db.select(Revision).where(Revision.translation_id.in_(ids[start:start + 500]))
            .options(load_only(Revision.translation_id, Revision.number, Revision.content_hash,
                               Revision.source_hash, Revision.minor, Revision.created_at, Revision.meta,
                               Revision.body_md))
            .order_by(Revision.translation_id, Revision.number)).scalars()
        for revision in rows:
            histories[revision.translation_id].append(revision)
    return histories
