"""Security headers for every response, Flask's and WhiteNoise's alike.

Readers are vulnerable people: the portal never loads anything from another
origin, never runs inline script and never lets itself be framed.
"""
from __future__ import annotations

import re

from flask import request

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "manifest-src 'self'",
        "worker-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)

HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Permissions-Policy": (
        "camera=(), microphone=(), geolocation=(), payment=(), usb=(), "
        "interest-cohort=(), browsing-topics=()"
    ),
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}


# The directory's list asks for the reader's position (with their consent)
# to sort by distance on the device; no other page may.
DIRECTORY_LIST = re.compile(r"^/[a-z]{2,3}/services$")
LOCATION_ALLOWED = HEADERS["Permissions-Policy"].replace("geolocation=()", "geolocation=(self)")


def add_security_headers(response):
    """``after_request`` hook for Flask responses."""
    if DIRECTORY_LIST.match(request.path):
        response.headers.setdefault("Permissions-Policy", LOCATION_ALLOWED)
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def add_static_headers(headers, path, url):
    """WhiteNoise ``add_headers_function`` for static files."""
    for name, value in HEADERS.items():
        headers[name] = value
