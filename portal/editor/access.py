"""Who may do what in the workspace.

Roles (:data:`portal.editor.models.ROLES`):

- ``admin``: everything, including accounts and the audit log;
- ``editor``: views and edits all content, in every language;
- ``reviewer``: views, edits, reviews and publishes all content;
- ``translator``: views everything; edits translations (not the Portuguese
  source) in the languages of its scope;
- ``coordinator``: views everything; edits its scope's service points and
  the course sessions held at them, in every language (their translations
  too: centres often work with mediators who speak the language);
- ``provider``: views everything; edits the sessions of its scope's
  programmes, at its scope's places (no places in the scope: any place),
  in every language.

Actions: ``view``, ``edit``, ``review`` (approve or send back),
``publish`` and ``admin``. A refused :func:`require` answers 403 and writes
an ``access-refused`` audit event.
"""
from __future__ import annotations

from functools import wraps

from flask import abort, redirect, request, url_for
from flask_login import current_user

from ..i18n import SOURCE_LANGUAGE
from .models import User

ACTIONS = ("view", "edit", "review", "publish", "admin")
ALL_CONTENT = {
    "admin": frozenset(ACTIONS),
    "editor": frozenset({"view", "edit"}),
    "reviewer": frozenset({"view", "edit", "review", "publish"}),
}


def _session_facts(slug: str | None, fields: dict | None) -> dict:
    """A session's programme and place: from the proposed ``fields`` when
    given (a new or changed session), else from the published session."""
    if fields is not None:
        return fields
    if not slug:
        return {}
    from ..extensions import db
    from ..models import Guide

    facts = db.session.execute(
        db.select(Guide.facts).where(Guide.kind == "session", Guide.slug == slug)
    ).scalar()
    return facts or {}


def can(user, action: str, kind: str, slug: str | None, lang: str | None = None,
        fields: dict | None = None) -> bool:
    """May ``user`` do ``action`` on the item ``kind``/``slug`` (in ``lang``)?

    ``slug`` None means a new item; ``fields`` (optional) are the item's
    proposed language-independent facts, which decide the scope of a new or
    moved course session (its ``programme`` and ``place``).
    """
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    if not isinstance(user, User) or user.disabled:
        return False
    allowed = ALL_CONTENT.get(user.role)
    if allowed is not None:
        return action in allowed
    if action == "view":
        return True
    if action != "edit":
        return False
    if user.role == "translator":
        return bool(lang) and lang != SOURCE_LANGUAGE and lang in user.scoped("languages")
    if user.role == "coordinator":
        points = user.scoped("service_points")
        if kind == "service":
            return slug is not None and slug in points
        if kind == "session":
            if slug is not None and fields is not None:  # a move must stay in scope, both ends
                return (_session_facts(slug, None).get("place") in points
                        and fields.get("place") in points)
            return _session_facts(slug, fields).get("place") in points
        return False
    if user.role == "provider":
        if kind != "session":
            return False

        def inside(facts: dict) -> bool:
            places = user.scoped("places")
            return (facts.get("programme") in user.scoped("programmes")
                    and (not places or facts.get("place") in places))

        if slug is not None and fields is not None:
            return inside(_session_facts(slug, None)) and inside(fields)
        return inside(_session_facts(slug, fields))
    return False


def require(action: str, kind: str, slug: str | None, lang: str | None = None,
            fields: dict | None = None) -> None:
    """Abort with 403 (and an audit entry) unless the current user may."""
    if can(current_user, action, kind, slug, lang, fields):
        return
    from ..extensions import db
    from . import audit

    db.session.rollback()  # a refusal saves nothing the request may have started
    audit.record_now("access-refused", audit.target(kind, slug, lang),
                     {"action": action, "path": request.path[:200]})
    abort(403)


def require_admin() -> None:
    require("admin", "workspace", None)


def editor_required(view):
    """Views of the workspace: a logged-in, active editor, else the login
    page (with a ``next`` that comes back here)."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        if not current_user.is_authenticated:
            return redirect(url_for("editor.login", next=request.full_path.rstrip("?")))
        return view(*args, **kwargs)

    return wrapped


login_required = editor_required  # the usual name


def admin_required(view):
    @editor_required
    @wraps(view)
    def wrapped(*args, **kwargs):
        require_admin()
        return view(*args, **kwargs)

    return wrapped
