"""HTTP helpers for API responses: Last-Modified and pagination links.

ETags, 304s and compression are applied to every JSON GET by
:mod:`portal.http`.
"""
from __future__ import annotations

from datetime import datetime, timezone

from flask import request, url_for

from ..read import GuidePage


def last_modified(when: datetime | None) -> dict:
    if when is None:
        return {}
    return {"Last-Modified": when.replace(tzinfo=timezone.utc).strftime("%a, %d %b %Y %H:%M:%S GMT")}


def paginated(found: GuidePage):
    """The page, with Link (next/prev) and X-Total-Count. A page past the
    end links back to the last page that has items."""
    headers = last_modified(found.last_modified)
    args = {k: v for k, v in request.args.items() if k != "page"}
    links = []
    if found.page < found.last_page:
        links.append(f'<{url_for(request.endpoint, page=found.page + 1, **args)}>; rel="next"')
    if found.page > 1:
        previous = min(found.page - 1, found.last_page)
        links.append(f'<{url_for(request.endpoint, page=previous, **args)}>; rel="prev"')
    if links:
        headers["Link"] = ", ".join(links)
    headers["X-Total-Count"] = str(found.total)
    return found, 200, headers
