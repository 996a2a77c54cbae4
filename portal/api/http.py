"""HTTP helpers for API responses: Last-Modified and pagination links.

ETags, 304s and compression are applied to every JSON GET by
:mod:`portal.http`.
"""
from __future__ import annotations

from datetime import datetime, timezone

from flask import request, url_for


def conditional(body: dict, last_modified: datetime | None):
    headers = {}
    if last_modified is not None:
        headers["Last-Modified"] = last_modified.replace(tzinfo=timezone.utc).strftime(
            "%a, %d %b %Y %H:%M:%S GMT"
        )
    return body, 200, headers


def paginated(body: dict, last_modified: datetime | None):
    body_, status, headers = conditional(body, last_modified)
    page, per_page, total = body["page"], body["per_page"], body["total"]
    args = {k: v for k, v in request.args.items() if k != "page"}
    links = []
    if page * per_page < total:
        links.append(f'<{url_for(request.endpoint, page=page + 1, **args)}>; rel="next"')
    if page > 1:
        links.append(f'<{url_for(request.endpoint, page=page - 1, **args)}>; rel="prev"')
    if links:
        headers["Link"] = ", ".join(links)
    headers["X-Total-Count"] = str(total)
    return body_, status, headers
