"""Passwords (argon2), second factor (TOTP) and one-time reset links."""
from __future__ import annotations

import contextlib
import hashlib
import secrets
import time
from datetime import datetime, timedelta

import pyotp
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from ..extensions import db
from ..models import utcnow
from .models import ROLES, User

RESET_VALID = timedelta(hours=24)
MIN_PASSWORD = 12
MAX_PASSWORD = 256
ISSUER = "Acolher"

_hasher = PasswordHasher()
# Verifying against this when the account does not exist takes as long as a
# real check, so the time of a refusal does not tell which names exist.
_DUMMY = _hasher.hash(secrets.token_hex(16))


class AccountError(ValueError):
    """A command or form asked for something an account cannot be."""


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def check_password(user: User | None, password: str) -> bool:
    """Constant work whether or not ``user`` exists; re-hashes an old hash."""
    if user is None or not user.password_hash:
        with contextlib.suppress(VerificationError):
            _hasher.verify(_DUMMY, password)
        return False
    try:
        _hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return False
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
    return True


def password_problem(password: str, username: str = "") -> str | None:
    if len(password) < MIN_PASSWORD:
        return f"at least {MIN_PASSWORD} characters"
    if len(password) > MAX_PASSWORD:
        return f"at most {MAX_PASSWORD} characters"
    if username and username.lower() in password.lower():
        return "must not contain the account name"
    return None


def set_password(user: User, password: str) -> None:
    """New password: every existing session of the user ends."""
    problem = password_problem(password, user.username)
    if problem:
        raise AccountError(f"password: {problem}")
    user.password_hash = hash_password(password)
    user.reset_token_hash = user.reset_expires = None
    user.end_sessions()


# --- second factor -----------------------------------------------------------------

def new_totp_secret() -> str:
    return pyotp.random_base32()


def totp_uri(user: User, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=user.username, issuer_name=ISSUER)


def qr_svg(uri: str, title: str) -> str:
    """``uri`` as a QR code in SVG, drawn here (no request leaves the
    server), without ``style`` attributes (the workspace's CSP has
    ``style-src 'self'``): colours are attributes, the size comes from
    editor.css (``.ed-qr``). ``title`` is its text alternative (escaped by
    segno)."""
    import io

    import segno

    out = io.BytesIO()
    segno.make(uri, error="m", micro=False).save(
        out, kind="svg", xmldecl=False, svgns=True, nl=False, omitsize=True, svgclass="ed-qr",
        lineclass=None, title=title, dark="#000", light="#fff", border=4)
    return out.getvalue().decode("utf-8").replace("<svg ", '<svg role="img" aria-labelledby="qr-title" ', 1).replace(
        "<title>", '<title id="qr-title">', 1)


def check_totp(user: User, code: str, secret: str | None = None) -> bool:
    """A 6-digit code for this or the neighbouring 30 s window, each code
    accepted once (``totp_last_step``)."""
    secret = secret or user.totp_secret
    code = "".join(code.split())
    if not secret or len(code) != 6 or not code.isdigit():
        return False
    totp = pyotp.TOTP(secret)
    now = int(time.time())
    for drift in (0, -1, 1):
        step = now // totp.interval + drift
        if secrets.compare_digest(totp.at(step * totp.interval), code):
            if user.totp_last_step is not None and step <= user.totp_last_step:
                return False  # replayed
            user.totp_last_step = step
            return True
    return False


# --- accounts -------------------------------------------------------------------------

SCOPE_KEYS = {
    "translator": ("languages",),
    "coordinator": ("service_points", "publish_fields"),
    "provider": ("programmes", "places", "publish_fields"),
}


def clean_scope(role: str, scope: dict | None) -> dict:
    """Keep the scope keys the role uses; refuse a scoped role without one."""
    from ..i18n import LANGUAGES, SOURCE_LANGUAGE

    if role not in ROLES:
        raise AccountError(f"role: unknown role {role!r} (one of {', '.join(ROLES)})")
    scope = scope or {}
    kept = {key: sorted(set(scope.get(key) or [])) for key in SCOPE_KEYS.get(role, ())}
    if role == "translator":
        bad = [code for code in kept["languages"] if code not in LANGUAGES or code == SOURCE_LANGUAGE]
        if bad or not kept["languages"]:
            raise AccountError("scope: a translator needs one or more languages other than pt "
                               f"(unknown: {', '.join(bad) or 'none given'})")
    if role == "coordinator" and not kept["service_points"]:
        raise AccountError("scope: a coordinator needs one or more service point ids")
    if role == "provider" and not kept["programmes"]:
        raise AccountError("scope: a course provider needs one or more programme ids")
    return {key: value for key, value in kept.items() if value}


def find(username: str) -> User | None:
    return db.session.execute(db.select(User).where(User.username == username.strip().lower())).scalar()


def create(username: str, role: str, scope: dict | None = None, email: str | None = None,
           password: str | None = None) -> User:
    username = username.strip().lower()
    if not username or len(username) > 80 or not all(c.isalnum() or c in "._-@" for c in username):
        raise AccountError("username: letters, digits and . _ - @ only, at most 80")
    if find(username):
        raise AccountError(f"username: {username!r} exists already")
    user = User(username=username, role=role, scope=clean_scope(role, scope), email=email)
    if password is not None:
        set_password(user, password)
    db.session.add(user)
    db.session.flush()
    return user


def set_role(user: User, role: str, scope: dict | None = None) -> None:
    user.scope = clean_scope(role, scope)
    user.role = role
    user.end_sessions()


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_reset(user: User, now: datetime | None = None) -> str:
    """A one-time token valid 24 h; only its hash is stored."""
    token = secrets.token_urlsafe(32)
    user.reset_token_hash = _token_hash(token)
    user.reset_expires = (now or utcnow()) + RESET_VALID
    return token


def user_for_reset(token: str) -> User | None:
    if not token or len(token) > 100:
        return None
    user = db.session.execute(db.select(User).where(User.reset_token_hash == _token_hash(token))).scalar()
    if user is None or user.disabled or user.reset_expires is None or user.reset_expires < utcnow():
        return None
    return user
