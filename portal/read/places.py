"""Places for the training offer, read from the directory of service points
and Portugal's closed list of municipalities (:mod:`portal.geo`): where a
session meets, the districts and municipalities of the filters, and where
to look for a course in a district."""
from __future__ import annotations

import re

from .. import geo
from ..i18n import SOURCE_LANGUAGE
from . import services

# Support centres help people find a course near them.
HELP_KINDS = ("national-centre", "local-centre")
PORTUGUESE_CLASSES = re.compile(r"portugu", re.I)


def districts() -> tuple[str, ...]:
    return geo.districts()


def municipalities() -> tuple[str, ...]:
    return tuple(sorted(geo.municipalities(), key=geo.sort_key))


def municipalities_by_district() -> list[tuple[str, list[str]]]:
    """(district, its municipalities), for a grouped list."""
    groups: dict[str, list[str]] = {}
    for name, found in geo.municipalities().items():
        for district in found:
            groups.setdefault(district, []).append(name)
    return [(district, sorted(set(groups.get(district, [])), key=geo.sort_key)) for district in geo.districts()]


def district_of(municipality: str | None, district: str | None = None) -> str | None:
    """The district of a municipality (``district`` settles the two called Lagoa)."""
    found = geo.municipalities().get(municipality or "", ())
    if district in found:
        return district
    return found[0] if len(found) == 1 else None


# The seat of each autonomous region's main municipality stands for it.
REGION_SEATS = {"Açores": "Ponta Delgada", "Madeira": "Funchal"}


def distance_from(district: str, place) -> float:
    """Kilometres from the district's capital to a session's municipality
    (GeoNames seats); online sessions and unknown places sort last."""
    if place.kind == "online" or not place.municipality:
        return float("inf")
    capital = geo.seat(REGION_SEATS.get(district, district), district)
    here = geo.seat(place.municipality, place.district)
    if capital is None or here is None:
        return 0.0 if place.district == district else float("inf")
    return geo.distance_km(capital.lat, capital.lon, here.lat, here.lon)


def _view(point):
    from .courses import PlaceView

    return PlaceView(kind="service-point", id=point.id, name=point.name.text,
                     municipality=point.municipality, district=point.district, address=point.address,
                     phone=point.phones[0].number if point.phones else None,
                     email=point.email[0] if point.email else None)


def service_points(ids: set[str], lang: str) -> dict:
    """{id: PlaceView} of the published service points named."""
    if not ids:
        return {}
    return {point.id: _view(point) for point in services.points(lang) if point.id in ids}


def course_places(district: str, hosting: set[str], lang: str) -> list:
    """The district's service points that host an upcoming session or name
    Portuguese classes among their services (``teaches``), then its
    support centres, which help find a course (``helps``)."""
    found = []
    for point in services.points(lang):
        if point.district != district:
            continue
        # The Portuguese text is matched: every point has it.
        source = services.point(point.id, SOURCE_LANGUAGE)
        words = (source.services.text if source and source.services else "")
        if point.id in hosting or PORTUGUESE_CLASSES.search(words):
            found.append((0, _view(point), "teaches"))
        elif point.kind in HELP_KINDS:
            found.append((1, _view(point), "helps"))
    found.sort(key=lambda item: (item[0], geo.sort_key(item[1].name)))
    return [(view, role) for _order, view, role in found]
