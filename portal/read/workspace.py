"""What the editors' dashboard reads: every content item of every kind
(published or not) with the state of each of its languages.

One query over the shared item, translation and revision tables, reading
only the columns the dashboard shows (no bodies), so 2,000 guides in 12
languages stay quick.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from ..extensions import db
from ..i18n import SOURCE_LANGUAGE
from ..models import Guide, Revision, Translation


class LanguageState(NamedTuple):
    published: bool
    outdated: bool  # the source changed since this translation's source revision
    method: str | None  # human / machine / machine-reviewed


@dataclass(slots=True)
class ItemState:
    kind: str
    slug: str
    published: bool
    title: str = ""
    facts: dict | None = None  # sessions only: programme and place decide who may edit them
    langs: dict[str, LanguageState] = field(default_factory=dict)


# States change only when something is published (every change writes a
# change event, and so a new content version): kept per version, the newest
# few, per app and database.
_KEPT: dict[tuple, list[ItemState]] = {}
_KEEP = 8


def item_states(langs: list[str] | None = None) -> list[ItemState]:
    """Every item, in the registry's kind order then by slug, with the states
    of ``langs`` (default: every language; the Portuguese is always read,
    for the titles). The list is shared: callers must not change it."""
    from flask import current_app

    from .version import content_version

    key = (id(current_app._get_current_object()), current_app.config.get("SQLALCHEMY_DATABASE_URI"),
           content_version(), tuple(langs) if langs is not None else None)
    found = _KEPT.get(key)
    if found is None:
        found = _item_states(langs)
        while len(_KEPT) >= _KEEP:
            _KEPT.pop(next(iter(_KEPT)))
        _KEPT[key] = found
    return found


def _item_states(langs: list[str] | None) -> list[ItemState]:
    from ..content.kinds import KINDS

    rows = db.session.execute(
        db.select(Guide.id, Guide.kind, Guide.slug, Guide.published, Translation.lang,
                  Translation.published, Translation.outdated_since.is_not(None), Revision.method,
                  Revision.title)
        .outerjoin(Translation, db.and_(
            Translation.guide_id == Guide.id,
            Translation.lang.in_(sorted({SOURCE_LANGUAGE, *langs})) if langs is not None else db.true()))
        .outerjoin(Revision, Revision.id == Translation.current_revision_id)
    ).all()
    items: dict[int, ItemState] = {}
    for gid, kind, slug, published, lang, t_published, outdated, method, title in rows:
        item = items.get(gid)
        if item is None:
            item = items[gid] = ItemState(kind, slug, bool(published))
        if lang is None:
            continue
        item.langs[lang] = LanguageState(bool(t_published), bool(outdated), method)
        if lang == SOURCE_LANGUAGE and title:
            item.title = title
    sessions = [gid for gid, item in items.items() if item.kind == "session"]
    if sessions:
        for gid, facts in db.session.execute(
                db.select(Guide.id, Guide.facts).where(Guide.id.in_(sessions))):
            facts = facts or {}
            items[gid].facts = {"programme": facts.get("programme"), "place": facts.get("place")}
    order = {name: position for position, name in enumerate(KINDS)}
    return sorted(items.values(), key=lambda item: (order.get(item.kind, 99), item.slug))
