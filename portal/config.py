"""Configuration defaults; the environment overrides them with ``FLASK_*``
variables (``FLASK_SECRET_KEY``) or the plain names below."""
from __future__ import annotations

import os
import secrets
from pathlib import Path

from . import resources

# The checkout's root (tests and tools use it; the app itself asks
# portal.resources, which also works from an installed wheel).
ROOT = resources.CHECKOUT


def defaults(instance_path: str) -> dict:
    """Settings for a single-process pilot on SQLite."""
    return {
        "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_hex(32),
        "SQLALCHEMY_DATABASE_URI": os.environ.get("DATABASE_URL")
        or f"sqlite:///{Path(instance_path) / 'acolher.sqlite3'}",
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "TRANSLATIONS_DIR": str(resources.path("translations")),
        # Default for ``flask content check|publish`` without --root.
        "CONTENT_DIR": str(content) if (content := resources.default_content_dir()) else None,
        "SW_DIR": str(resources.path("sw")),
        "ASSET_BUILD_DIR": str(Path(instance_path) / "static"),
        "CHECK_CATALOGS": True,
        # Cookies exist only for editors; readers never get one.
        "SESSION_COOKIE_SECURE": os.environ.get("SESSION_COOKIE_SECURE", "1") != "0",
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        # Reader pages: CDN may keep them briefly but must revalidate.
        "PAGE_MAX_AGE": 60,
        "MAX_CONTENT_LENGTH": 2 * 1024 * 1024,
        # API rate limits: memory:// for one process, redis://host:port to share.
        "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI", "memory://"),
        "API_RATE_LIMIT": os.environ.get("API_RATE_LIMIT", "1200 per minute"),
        # Absolute URLs (canonical, hreflang, manifests) start with this, never
        # with the Host header a client sent.
        "PUBLIC_BASE_URL": os.environ.get("PUBLIC_BASE_URL", "http://127.0.0.1:5000"),
        # Host names the portal answers to; unset accepts any (development).
        "TRUSTED_HOSTS": _hosts(os.environ.get("TRUSTED_HOSTS")),
        # Editors' check: a "last checked" date older than this is a warning.
        "CONTENT_MAX_AGE_DAYS": int(os.environ.get("CONTENT_MAX_AGE_DAYS", "183")),
        # Zero-result search counts are kept this many days (portal.search.gaps).
        "SEARCH_GAP_RETENTION_DAYS": int(os.environ.get("SEARCH_GAP_RETENTION_DAYS", "90")),
        # Findings of those checks by file hash, so unchanged files are not checked again.
        "CONTENT_CHECK_CACHE": str(Path(instance_path) / "content-checks.json"),
    }


def _hosts(value: str | None) -> list[str] | None:
    """``"a.example, .b.example"`` as Flask's ``TRUSTED_HOSTS`` list."""
    if not value:
        return None
    return [host.strip() for host in value.split(",") if host.strip()]
