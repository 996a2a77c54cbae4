"""Translation freshness: a translation is outdated from the first non-minor
source revision after the one it was translated from. Computed at publish
time, for every kind, because it can only change then."""
from __future__ import annotations

from collections import defaultdict

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
