"""Read-layer addition for the reader's topic page: a published topic
whose guides are all unpublished is still a topic.

The API answers ``/guides?topic=<slug>`` for such a topic with ``200`` and
an empty list; the reader page does the same (``200``, no guides) instead of
a 404, so the two never disagree. :func:`portal.read.topic` returns ``None``
for it; this is the fallback. Like :mod:`portal.read`, it only reads.
"""
from __future__ import annotations

from .extensions import db
from .models import Topic
from .read import TopicView


def empty_topic(slug: str, lang: str) -> TopicView | None:
    """The published topic ``slug`` with no guides, or ``None`` if there is
    no such published topic."""
    row = db.session.execute(
        db.select(Topic).where(Topic.slug == slug, Topic.published.is_(True))
    ).scalar_one_or_none()
    if row is None:
        return None
    return TopicView(row.slug, row.icon, row.title(lang), 0, [])
