"""The editors' workspace under ``/editor/``: accounts, roles, the audit log
and the dashboard (the drafts, review and history views build on them).

Isolation from readers: only ``/editor/`` ever sets a cookie; its answers are
``Cache-Control: no-store``, never compressed (a page holding a CSRF token
and typed text must not leak through compression sizes), carry their own
strict Content-Security-Policy, and are never kept by the response cache or
the service worker.
"""
from __future__ import annotations

import hashlib
from datetime import timedelta

from flask import Blueprint, Flask, g, request
from flask.sessions import SecureCookieSessionInterface
from flask_limiter import Limiter
from flask_login import LoginManager, current_user
from flask_wtf.csrf import CSRFProtect

from ..extensions import db
from ..i18n import LANGUAGES, SOURCE_LANGUAGE

bp = Blueprint("editor", __name__, url_prefix="/editor")
login_manager = LoginManager()
csrf = CSRFProtect()


def _client_key() -> str:
    """Login attempts are counted per salted hash of the address, never the
    address itself (behind a proxy, set FLASK_PROXY_FIX_X_FOR)."""
    from flask import current_app

    raw = f"{current_app.config['SECRET_KEY']}|{request.remote_addr or '-'}"
    return hashlib.sha256(raw.encode()).hexdigest()[:32]


limiter = Limiter(key_func=_client_key, key_prefix="editor", headers_enabled=False)

EDITOR_CSP = "; ".join((
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "font-src 'self'",
    "form-action 'self'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
))


def in_workspace(path: str) -> bool:
    return path == "/editor" or path.startswith("/editor/")


class WorkspaceSessions(SecureCookieSessionInterface):
    """Sessions exist only under ``/editor/``: elsewhere the session is an
    empty one that is never read from a cookie nor saved, so reader pages
    neither set a cookie nor vary on one (the cookie's path is ``/editor``
    as well, so browsers do not even send it to reader pages)."""

    def open_session(self, app, request):
        if not in_workspace(request.path):
            return self.session_class()
        return super().open_session(app, request)

    def save_session(self, app, session, response):
        if not in_workspace(request.path):
            return
        super().save_session(app, session, response)


@login_manager.user_loader
def _load_user(cookie_id: str):
    """The login cookie holds ``<id>:<generation>``: a raised generation
    (password change, disable, role change) or a disabled account ends it."""
    from .models import User

    try:
        user_id, generation = (int(part) for part in cookie_id.split(":"))
    except ValueError:
        return None
    user = db.session.get(User, user_id)
    if user is None or user.disabled or user.generation != generation:
        return None
    return user


@bp.before_request
def _before():
    if request.method not in ("GET", "HEAD", "OPTIONS"):
        csrf.protect()  # 400 on a missing or wrong token, before any view runs
    lang = getattr(current_user, "ui_lang", None) if current_user.is_authenticated else None
    g.lang = lang if lang in LANGUAGES else SOURCE_LANGUAGE


@bp.after_request
def _after(response):
    response.headers["Cache-Control"] = "no-store"
    response.headers["Content-Security-Policy"] = EDITOR_CSP
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    response.vary.add("Cookie")
    return response


def init_app(app: Flask) -> None:
    # An editor's login lasts a working day (Flask's default is a month).
    app.config.setdefault("EDITOR_SESSION_HOURS", 12)
    app.config["PERMANENT_SESSION_LIFETIME"] = timedelta(hours=float(app.config["EDITOR_SESSION_HOURS"]))
    app.config.setdefault("WTF_CSRF_CHECK_DEFAULT", False)  # checked for /editor/ only: readers never POST
    app.config.setdefault("WTF_CSRF_TIME_LIMIT", 12 * 3600)
    app.config.setdefault("EDITOR_LOGIN_LIMIT", "10 per 15 minutes")  # failed logins per address
    app.config.setdefault("EDITOR_ACCOUNT_LOGIN_LIMIT", "20 per hour")  # failed logins per account
    app.config.setdefault("RATELIMIT_SWALLOW_ERRORS", True)  # Redis down: logins go on, unlimited
    app.config.setdefault("RATELIMIT_HEADERS_ENABLED", False)
    app.config["SESSION_COOKIE_PATH"] = "/editor"
    app.session_interface = WorkspaceSessions()
    login_manager.login_view = "editor.login"
    login_manager.session_protection = "basic"
    csrf.init_app(app)
    login_manager.init_app(app)
    limiter.init_app(app)

    from .cli import users_cli

    app.register_blueprint(bp)
    app.cli.add_command(users_cli)


from . import content_views, views  # noqa: E402,F401,I001 (register the routes on bp)
