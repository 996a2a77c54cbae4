"""The changes feed: every publish event, in order, behind an opaque cursor.

A partner that stores ``next_cursor`` and replays the feed ends with exactly
the published state, unpublished items included. A cursor names the last
event seen and carries a check made from that event's own time, so it stays
valid across restarts and deployments, while a cursor from another database
(after a rebuild or restore) or a forged one is refused.
"""
from __future__ import annotations

import base64
import binascii
import hashlib

from ..extensions import db
from ..models import ChangeEvent
from . import bp, schemas
from .errors import ApiError

START = "start"  # the check of the cursor before the first event


def _check(event_id: int, stamp: str) -> str:
    return hashlib.sha256(f"acolher-changes-v1:{event_id}:{stamp}".encode()).hexdigest()[:12]


def encode_cursor(event: ChangeEvent | None) -> str:
    event_id, stamp = (event.id, event.created_at.isoformat()) if event else (0, START)
    raw = f"{event_id}.{_check(event_id, stamp)}".encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _refuse(cursor: str, why: str):
    raise ApiError(400, "invalid_cursor", f"{why}: start again without 'since'.",
                   {"since": cursor[:100]})


def decode_cursor(cursor: str) -> int:
    """The event number in ``cursor``; a 400 for anything this feed did not issue."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode("ascii")
        number, check = raw.split(".")
        event_id = int(number)
    except (binascii.Error, UnicodeDecodeError, ValueError):
        _refuse(cursor, "This cursor was not issued by this API")
    if event_id == 0 and check == _check(0, START):
        return 0
    event = db.session.get(ChangeEvent, event_id) if event_id > 0 else None
    if event is None or check != _check(event_id, event.created_at.isoformat()):
        _refuse(cursor, "This cursor does not belong to this feed")
    return event_id


@bp.route("/changes")
@bp.arguments(schemas.ChangesQuery, location="query", as_kwargs=True)
@bp.response(200, schemas.ChangeFeed)
def changes(limit, since=None):
    """Publish events after ``since``, oldest first, at most ``limit``."""
    after = decode_cursor(since) if since else 0
    rows = db.session.execute(
        db.select(ChangeEvent).where(ChangeEvent.id > after).order_by(ChangeEvent.id).limit(limit + 1)
    ).scalars().all()
    has_more = len(rows) > limit
    rows = rows[:limit]
    items = [
        {"action": r.action, "item_type": r.item_type, "slug": r.slug, "lang": r.lang,
         "content_hash": r.content_hash, "at": r.created_at}
        for r in rows
    ]
    if rows:
        last = rows[-1]
    else:
        last = db.session.get(ChangeEvent, after) if after else None
    return {"items": items, "next_cursor": encode_cursor(last), "has_more": has_more}
