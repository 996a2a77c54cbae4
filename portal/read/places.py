"""Places for the training offer, read from the directory of service points
and Portugal's closed list of municipalities (:mod:`portal.geo`): where a
session meets, the districts and municipalities of the filters, and where
to look for a course in a district."""
from __future__ import annotations

import re

from .. import geo
from ..extensions import db
from ..i18n import SOURCE_LANGUAGE
from ..models import Guide, Revision, Translation

SERVICE = "service"
# Support centres help people find a course near them.
HELP_KINDS = ("national-centre", "local-centre")
PORTUGUESE_CLASSES = re.compile(r"portugu", re.I)


def districts() -> tuple[str, ...]:
    return geo.districts()


def municipalities() -> tuple[str, ...]:
    return tuple(sorted(geo.municipalities(), key=geo.sort_key))


def district_of(municipality: str | None, district: str | None = None) -> str | None:
    """The district of a municipality (``district`` settles the two called Lagoa)."""
    found = geo.municipalities().get(municipality or "", ())
    if district in found:
        return district
    return found[0] if len(found) == 1 else None


def _points(where, lang: str) -> list[tuple[Guide, dict]]:
    rows = list(db.session.execute(
        db.select(Guide).where(Guide.kind == SERVICE, Guide.published.is_(True), *where).order_by(Guide.slug)
    ).scalars())
    if not rows:
        return []
    texts: dict[int, dict] = {}
    for guide_id, code, meta in db.session.execute(
        db.select(Translation.guide_id, Translation.lang, Revision.meta)
        .join(Revision, Revision.id == Translation.current_revision_id)
        .where(Translation.guide_id.in_([r.id for r in rows]), Translation.published.is_(True),
               Translation.lang.in_(sorted({lang, SOURCE_LANGUAGE})))
    ).all():
        texts.setdefault(guide_id, {})[code] = meta or {}
    out = []
    for row in rows:
        found = texts.get(row.id, {})
        merged = {**found.get(SOURCE_LANGUAGE, {}), **{k: v for k, v in found.get(lang, {}).items() if v}}
        out.append((row, merged))
    return out


def _view(row: Guide, words: dict):
    from .courses import PlaceView

    facts = row.facts or {}
    return PlaceView(kind="service-point", id=row.slug, name=words.get("name") or row.slug,
                     municipality=facts.get("municipality"), district=facts.get("district"),
                     address=facts.get("address"))


def service_points(ids: set[str], lang: str) -> dict:
    """{id: PlaceView} of the published service points named."""
    if not ids:
        return {}
    return {row.slug: _view(row, words) for row, words in _points([Guide.slug.in_(sorted(ids))], lang)}


def known_points() -> set[str]:
    return set(db.session.execute(
        db.select(Guide.slug).where(Guide.kind == SERVICE, Guide.published.is_(True))).scalars())


def course_places(district: str, hosting: set[str], lang: str) -> list:
    """The district's service points that host an upcoming session or name
    Portuguese classes among their services (``teaches``), then its
    support centres, which help find a course (``helps``)."""
    found = []
    for row, words in _points([], lang):
        facts = row.facts or {}
        if facts.get("district") != district:
            continue
        view = _view(row, words)
        if row.slug in hosting or PORTUGUESE_CLASSES.search(words.get("services") or ""):
            found.append((0, view, "teaches"))
        elif facts.get("kind") in HELP_KINDS:
            found.append((1, view, "helps"))
    found.sort(key=lambda item: (item[0], geo.sort_key(item[1].name)))
    return [(view, role) for _order, view, role in found]
