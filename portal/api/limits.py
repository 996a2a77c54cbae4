"""Rate limits for the API, so one misbehaving client cannot starve partners.

Clients are told apart by a salted hash of their address, never the address
itself. Counters live in memory for a single process; set
``RATELIMIT_STORAGE_URI=redis://...`` so that several processes share them.
"""
from __future__ import annotations

import hashlib

from flask import current_app, request
from flask_limiter import Limiter


def client_key() -> str:
    address = request.remote_addr or "unknown"
    salt = current_app.config["SECRET_KEY"]
    return hashlib.sha256(f"{salt}:{address}".encode()).hexdigest()[:16]


def init_app(app, blueprint) -> None:
    """One limiter per application (its counters must not leak between apps)."""
    app.config.setdefault("RATELIMIT_STORAGE_URI", "memory://")
    app.config.setdefault("API_RATE_LIMIT", "1200 per minute")
    limiter = Limiter(key_func=client_key, headers_enabled=True)
    limiter.limit(lambda: current_app.config["API_RATE_LIMIT"])(blueprint)
    limiter.init_app(app)
