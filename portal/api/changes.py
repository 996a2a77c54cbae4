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
import re
from dataclasses import dataclass

from .. import read
from . import bp, schemas
from .contract import cacheable, success_headers
from .errors import ApiError

START = "start"  # the check of the cursor before the first event
RAW_CURSOR = re.compile(r"(0|[1-9][0-9]{0,18})\.([0-9a-f]{12})")


@dataclass
class Feed:
    items: list[read.ChangeView]
    next_cursor: str
    has_more: bool


def _check(event_id: int, stamp: str) -> str:
    return hashlib.sha256(f"acolher-changes-v1:{event_id}:{stamp}".encode()).hexdigest()[:12]


def encode_cursor(event: read.ChangeView | None) -> str:
    event_id, stamp = (event.id, event.at.isoformat()) if event else (0, START)
    raw = f"{event_id}.{_check(event_id, stamp)}".encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _refuse(cursor: str, why: str):
    raise ApiError(400, "invalid_cursor", f"{why}: start again without 'since'.",
                   {"since": cursor[:100]})


def decode_cursor(cursor: str) -> read.ChangeView | None:
    """The event ``cursor`` names (None before the first); a 400 for anything
    this feed did not issue."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode("ascii")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        _refuse(cursor, "This cursor was not issued by this API")
    match = RAW_CURSOR.fullmatch(raw)
    if match is None:
        _refuse(cursor, "This cursor was not issued by this API")
    event_id, check = int(match[1]), match[2]
    if event_id == 0 and check == _check(0, START):
        return None
    event = read.change_event(event_id)
    if event is None or check != _check(event_id, event.at.isoformat()):
        _refuse(cursor, "This cursor does not belong to this feed")
    return event


@bp.route("/changes", tags=["changes"], methods=["GET", "HEAD"], parameters=["IF_NONE_MATCH"])
@bp.arguments(schemas.ChangesQuery, location="query", as_kwargs=True)
@bp.response(200, schemas.ChangeFeed, headers=success_headers())
@cacheable(bp)
@bp.doc(operationId="get_changes")
def changes(limit, since=None):
    """Publish events after the cursor, oldest first"""
    last = decode_cursor(since) if since else None
    items, has_more = read.changes_after(last.id if last else 0, limit)
    if items:
        last = items[-1]
    return Feed(items, encode_cursor(last), has_more)
