"""Queries behind the change feed."""
from __future__ import annotations

from ..extensions import db
from ..models import ChangeEvent
from .views import ChangeView

# Event ids are 32-bit integers on PostgreSQL; larger numbers name no event
# and must not reach the database, which would refuse them with an error.
MAX_EVENT_ID = 2**31 - 1


def _view(row: ChangeEvent) -> ChangeView:
    return ChangeView(row.id, row.action, row.item_type, row.slug, row.lang, row.content_hash,
                      row.created_at)


def change_event(event_id: int) -> ChangeView | None:
    """The event numbered ``event_id``, or None (also for impossible numbers)."""
    if not 0 < event_id <= MAX_EVENT_ID:
        return None
    row = db.session.get(ChangeEvent, event_id)
    return _view(row) if row is not None else None


def changes_after(event_id: int, limit: int) -> tuple[list[ChangeView], bool]:
    """Up to ``limit`` events after ``event_id``, oldest first, and whether
    more are waiting."""
    rows = db.session.execute(
        db.select(ChangeEvent).where(ChangeEvent.id > event_id)
        .order_by(ChangeEvent.id).limit(limit + 1)
    ).scalars().all()
    return [_view(row) for row in rows[:limit]], len(rows) > limit
