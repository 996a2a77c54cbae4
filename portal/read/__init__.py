"""The read layer: every query behind reader pages and the content API.

It returns plain view objects (:mod:`portal.read.views`), never writes, and
never touches the session. Lists read only the columns they show, so a topic
with thousands of guides does not load thousands of bodies.
"""
from __future__ import annotations

from .changes import MAX_EVENT_ID, change_event, changes_after
from .guides import (
    empty_topic,
    guide,
    guide_page,
    languages,
    latest_event_id,
    published_topic_id,
    summaries,
    topic,
    topics,
)
from .version import content_version
from .views import (
    ChangeView,
    GuidePage,
    GuideSummary,
    GuideView,
    LanguageLink,
    LanguageView,
    Place,
    Provenance,
    RevisionView,
    TopicView,
)

__all__ = [
    "MAX_EVENT_ID", "change_event", "changes_after", "content_version", "empty_topic", "guide", "latest_event_id", "guide_page",
    "languages", "published_topic_id", "summaries", "topic", "topics", "ChangeView", "GuidePage",
    "GuideSummary", "GuideView", "LanguageLink", "LanguageView", "Place", "Provenance",
    "RevisionView", "TopicView",
]
