"""Editors' accounts and the audit log.

Only the people who run the portal have rows here; readers never do.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..models import utcnow

ROLES = ("admin", "editor", "reviewer", "translator", "coordinator", "provider")
# A second factor is required for these roles, optional for the others.
TOTP_REQUIRED = frozenset({"admin", "reviewer"})


class User(db.Model):
    """One editor's account.

    ``scope`` narrows what a role may edit:
    ``{"languages": ["ar"]}`` for a translator,
    ``{"service_points": ["cnaim-lisboa"]}`` for a centre coordinator,
    ``{"programmes": ["pla"], "places": ["cnaim-lisboa"]}`` for a course
    provider (no ``places``: any place). Admins, editors and reviewers
    have no scope.

    ``generation`` is part of the login cookie: raising it (password
    change, reset, disable, role change) ends every session of the user.
    """

    __tablename__ = "editor_user"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    email: Mapped[str | None] = mapped_column(String(200))
    password_hash: Mapped[str | None] = mapped_column(String(200))  # None until the first password is set
    role: Mapped[str] = mapped_column(String(20))
    scope: Mapped[dict] = mapped_column(JSON, default=dict)
    ui_lang: Mapped[str] = mapped_column(String(12), default="pt", server_default="pt")
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    totp_last_step: Mapped[int | None]  # a code is accepted once
    disabled: Mapped[bool] = mapped_column(default=False, server_default="0")
    generation: Mapped[int] = mapped_column(default=1, server_default="1")
    reset_token_hash: Mapped[str | None] = mapped_column(String(64))
    reset_expires: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None]

    # Flask-Login's interface
    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_active(self) -> bool:
        return not self.disabled

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        """The login cookie names the account and its generation."""
        return f"{self.id}:{self.generation}"

    @property
    def totp_required(self) -> bool:
        return self.role in TOTP_REQUIRED

    def scoped(self, key: str) -> list[str]:
        return list((self.scope or {}).get(key) or [])

    def end_sessions(self) -> None:
        """Every existing login cookie of this user stops working."""
        self.generation = (self.generation or 0) + 1


class AuditEvent(db.Model):
    """One thing an editor (or the command line) did, or tried to do.

    No reader data, no IP address, no user agent: ``actor`` is an editor's
    account name (kept even if the account is renamed), ``target`` what the
    action was about (``guide/nif/pt``, ``user/ana``), ``detail`` a small map.
    """

    __tablename__ = "audit_event"
    __table_args__ = (
        Index("ix_audit_event_created_at", "created_at"),
        Index("ix_audit_event_action", "action"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("editor_user.id", ondelete="SET NULL"))
    actor: Mapped[str | None] = mapped_column(String(80))
    action: Mapped[str] = mapped_column(String(40))
    target: Mapped[str | None] = mapped_column(String(300))
    detail: Mapped[dict | None] = mapped_column(JSON)


DRAFT_STATES = ("draft", "in-review", "changes-requested", "published", "discarded")
OPEN_STATES = ("draft", "in-review", "changes-requested")


class Draft(db.Model):
    """Work in progress on one entry in the workspace (never read by readers,
    the API, packs or search: they read only published revisions).

    ``text`` is the entry exactly as its file in ``content/`` would hold it
    (a guide's ``<lang>.md``, a service point's whole ``<id>.yaml`` with
    ``lang`` ``pt``), so approving it publishes it through the one publish
    service, with the same validation. ``base_hash`` is the live revision
    the edit started from; ``version`` is the optimistic lock a save must
    name. At most one open draft per entry (kind, slug, lang).
    """

    __tablename__ = "editor_draft"
    __table_args__ = (Index("ix_editor_draft_entry", "kind", "slug", "lang", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    slug: Mapped[str] = mapped_column(String(80))
    lang: Mapped[str] = mapped_column(String(12))
    status: Mapped[str] = mapped_column(String(20), default="draft")
    text: Mapped[str] = mapped_column(Text)
    base_hash: Mapped[str | None] = mapped_column(String(64))
    version: Mapped[int] = mapped_column(default=1)
    minor: Mapped[bool] = mapped_column(default=False)
    comment: Mapped[str | None] = mapped_column(String(500))
    review_comment: Mapped[str | None] = mapped_column(String(1000))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("editor_user.id", ondelete="SET NULL"))
    author: Mapped[str | None] = mapped_column(String(80))
    reviewer: Mapped[str | None] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    published_hash: Mapped[str | None] = mapped_column(String(64))
    published_at: Mapped[datetime | None]
