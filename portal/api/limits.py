"""Rate limits for the API, so one misbehaving client cannot starve partners.

Clients are told apart by a salted hash of their address, never the address
itself. Behind a reverse proxy set ``FLASK_PROXY_FIX_X_FOR=1`` (the number of
proxies) so the address is the client's, not the proxy's. Counters live in
memory for one process; set ``RATELIMIT_STORAGE_URI=redis://...`` so that
several processes share them.
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
    limiter.limit(lambda: current_app.config["API_RATE_LIMIT"],
                  exempt_when=lambda: request.method == "OPTIONS")(blueprint)
    limiter.init_app(app)
