"""The audit log: who did what in the workspace and on the command line.

:func:`record` adds an :class:`~portal.editor.models.AuditEvent` to the
current database transaction, so an event is kept exactly when the action it
describes is (call ``db.session.commit()`` as the action does). Actions that
fail and roll back but must still be logged (a refused login, a refused
access) use :func:`record_now`, which commits the event on its own.

Nothing about readers is ever logged, and no IP address either: the editors
are known by their accounts, and an address would be personal data kept for
no use (a failed login names the account it was tried on, when it exists).
"""
from __future__ import annotations

from flask import has_request_context

from ..extensions import db
from .models import AuditEvent, User

# The actions the workspace and the commands record (others may be added:
# the log accepts any short name, these are the ones the filters offer).
ACTIONS = (
    "login", "login-failed", "login-limited", "logout", "totp-enrolled",
    "password-changed", "password-reset", "reset-link",
    "user-created", "role-changed", "user-disabled", "user-enabled",
    "access-refused",
    "draft-saved", "submitted", "approved", "changes-requested", "published", "restored",
    "published-directly", "draft-discarded",
    "import",
)


def _actor() -> User | None:
    if not has_request_context():
        return None
    from flask_login import current_user

    user = current_user._get_current_object() if current_user else None
    return user if isinstance(user, User) else None


def record(action: str, target: str | None = None, detail: dict | None = None,
           user: User | None = None) -> AuditEvent:
    """Log ``action`` in the current transaction, by ``user`` (default: the
    editor logged in to this request, or nobody — the command line)."""
    user = user or _actor()
    event = AuditEvent(
        action=action[:40],
        target=target[:300] if target else None,
        detail=detail or None,
        user_id=user.id if user is not None else None,
        actor=user.username if user is not None else None,
    )
    db.session.add(event)
    return event


def record_now(action: str, target: str | None = None, detail: dict | None = None,
               user: User | None = None) -> None:
    """Log and commit at once (for refusals, whose request changes nothing
    else). It commits whatever the session holds: roll back first what must
    not be kept (``access.require`` does)."""
    record(action, target, detail, user)
    db.session.commit()


def record_command(action: str, target: str | None = None, detail: dict | None = None) -> bool:
    """From a command that otherwise works on files only (imports): log and
    commit; a database not set up yet is reported, not fatal."""
    from sqlalchemy.exc import SQLAlchemyError

    try:
        record_now(action, target, detail)
    except SQLAlchemyError:
        db.session.rollback()
        import click

        click.echo(f"Note: not in the audit log ({action}): the database is not set up "
                   "(flask --app wsgi db upgrade).", err=True)
        return False
    return True


def target(kind: str, slug: str | None = None, lang: str | None = None) -> str:
    """``guide/nif/pt``: how the log names a content item."""
    return "/".join(part for part in (kind, slug, lang) if part)


def events(action: str = "", actor: str = "", target_part: str = "", since=None, until=None,
           limit: int | None = 100, offset: int = 0):
    """Events, newest first, filtered; ``(events, total)``."""
    query = db.select(AuditEvent)
    if action:
        query = query.where(AuditEvent.action == action)
    if actor:
        query = query.where(AuditEvent.actor == actor)
    if target_part:
        escaped = target_part.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        query = query.where(AuditEvent.target.like(f"%{escaped}%", escape="\\"))
    if since is not None:
        query = query.where(AuditEvent.created_at >= since)
    if until is not None:
        query = query.where(AuditEvent.created_at < until)
    total = db.session.execute(db.select(db.func.count()).select_from(query.subquery())).scalar()
    query = query.order_by(AuditEvent.id.desc()).offset(offset)
    if limit is not None:
        query = query.limit(limit)
    return list(db.session.execute(query).scalars()), total


CSV_COLUMNS = ("id", "time_utc", "actor", "action", "target", "detail")


def _cell(value: str) -> str:
    """Spreadsheets run a cell starting with = + - @ as a formula: not these."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def csv_lines(items) -> list[str]:
    import csv
    import io
    import json

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for event in items:
        writer.writerow([
            event.id, f"{event.created_at:%Y-%m-%dT%H:%M:%SZ}", _cell(event.actor or ""), _cell(event.action),
            _cell(event.target or ""),
            _cell(json.dumps(event.detail, ensure_ascii=False, sort_keys=True) if event.detail else ""),
        ])
    return buffer.getvalue()
