"""The changes feed: every publish event, in order, behind an opaque cursor.

A partner that stores ``next_cursor`` and replays the feed ends with exactly
the published state, unpublished items included. Cursors stay valid across
restarts and deployments: they encode the event number plus a check.
"""
from __future__ import annotations

import base64
import binascii
import hashlib

from ..extensions import db
from ..models import ChangeEvent
from . import bp, schemas
from .errors import ApiError


def _check(event_id: int) -> str:
    return hashlib.sha256(f"acolher-changes-v1:{event_id}".encode()).hexdigest()[:10]


def encode_cursor(event_id: int) -> str:
    raw = f"{event_id}.{_check(event_id)}".encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def decode_cursor(cursor: str) -> int:
    """The event number in ``cursor``; a 400 for anything we did not issue."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode("ascii")
        number, check = raw.split(".")
        event_id = int(number)
    except (binascii.Error, UnicodeDecodeError, ValueError):
        event_id, check = -1, ""
    if event_id < 0 or check != _check(event_id):
        raise ApiError(400, "invalid_cursor",
                       "This cursor was not issued by this API: start again without 'since'.",
                       {"since": cursor[:100]})
    return event_id


@bp.route("/changes")
@bp.arguments(schemas.ChangesQuery, location="query", as_kwargs=True)
@bp.response(200, schemas.ChangeFeed)
def changes(limit, since=None):
    """Publish events after ``since``, oldest first, at most ``limit``."""
    after = decode_cursor(since) if since else 0
    latest = db.session.execute(db.select(db.func.max(ChangeEvent.id))).scalar() or 0
    if after > latest:
        raise ApiError(400, "invalid_cursor", "This cursor is ahead of the feed: start again without 'since'.",
                       {"since": since})
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
    last = rows[-1].id if rows else after
    return {"items": items, "next_cursor": encode_cursor(last), "has_more": has_more}
