"""The content version: the key of every cache of data derived from the
published content (finished responses, offline packs).

It names the newest change event by its id *and* the moment it was written
(microseconds) and what it wrote, so it cannot come back: after
``flask db downgrade base && flask db upgrade`` or a restore from a backup,
event ids start again, but the next publish writes a new time, and so a new
version. (The id alone repeated, and old pages were served from the cache.)

It also names the day in Lisbon: course sessions drop off the pages the day
after they end, with no publish, so a page cached yesterday is not today's.
"""
from __future__ import annotations

import hashlib
from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import current_app

from ..extensions import db
from ..models import ChangeEvent, SearchSynonyms

LISBON = ZoneInfo("Europe/Lisbon")


def today() -> date:
    """Today in Portugal (``TODAY`` in the configuration fixes it, for tests
    and benchmarks)."""
    fixed = current_app.config.get("TODAY")
    if fixed:
        return date.fromisoformat(str(fixed))
    return datetime.now(LISBON).date()


def content_version() -> str:
    """A short string that changes with every publish that changed something
    (synonyms included: they change search results and offline indexes
    without a change event)."""
    row = db.session.execute(
        db.select(ChangeEvent.id, ChangeEvent.created_at, ChangeEvent.slug, ChangeEvent.content_hash)
        .order_by(ChangeEvent.id.desc()).limit(1)
    ).first()
    day = today().isoformat()
    if row is None:
        return f"empty-{day}"
    synonyms = "".join(db.session.execute(
        db.select(SearchSynonyms.content_hash).order_by(SearchSynonyms.lang)).scalars())
    identity = f"{row.id}|{row.created_at.isoformat()}|{row.slug}|{row.content_hash}|{synonyms}"
    return f"{row.id}-{hashlib.sha256(identity.encode()).hexdigest()[:12]}-{day}"
