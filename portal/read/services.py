"""The read layer of the directory of service points: the queries behind
its pages, its API and the compact data of offline packs. Never writes.

A point's name, hours (as the source words them), services and notes come
from its revisions, in the reader's language when there is text in it,
else Portuguese, else the language the source wrote it in. Its facts come
from ``guide.facts``. A point without its own coordinates is placed at its
municipality's seat (GeoNames), marked approximate.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from .. import geo
from ..directory import hours as opening
from ..directory.phones import parse as parse_phone
from ..extensions import db
from ..http import LRU
from ..i18n import LANGUAGES, SOURCE_LANGUAGE
from ..models import Guide, Revision, Translation
from .version import content_version

KIND = "service"
STALE_AFTER = timedelta(days=365)  # details older than this are "to be confirmed"
NATIONWIDE = ""  # the group of points without a district (helplines)


@dataclass(frozen=True)
class PhoneView:
    number: str  # as sourced
    e164: str  # the tel: target
    display: str
    cost: str  # free, shared-cost, premium, standard, mobile or ""
    note: str | None


@dataclass(frozen=True)
class Text:
    """A text and the language it is in (for ``lang``/``dir``)."""

    text: str
    lang: str


@dataclass
class PointView:
    id: str
    kind: str
    place_type: str | None
    name: Text
    operator: str | None
    address: str | None
    postcode: str | None
    municipality: str | None
    district: str | None
    lat: float | None
    lon: float | None
    approximate: bool  # coordinates are the municipality seat's
    location_source: str | None
    phones: list[PhoneView]
    email: list[str]
    website: list[str]
    opening_hours: str | None
    hours: Text | None
    closures: list[dict]
    appointment: str | None
    booking: Text | None
    languages: list[str]
    languages_note: str | None
    services: Text | None
    topics: list[str]
    accessibility: Text | None
    how_to_get_there: Text | None
    notes_html: Text | None
    source_urls: list[str]
    source_date: str | None
    confidence: str
    confirmed_by: str | None
    last_confirmed: date | None
    content_hash: str
    updated_at: datetime
    translations: list[str] = field(default_factory=list)
    requested: str = SOURCE_LANGUAGE  # the reader's language

    @property
    def to_confirm(self) -> bool:
        """Partial, undated or old details: shown with "to be confirmed"."""
        return (self.confidence != "sourced" or self.last_confirmed is None
                or date.today() - self.last_confirmed > STALE_AFTER)

    @property
    def website_links(self) -> list[tuple[str, str]]:
        return [(site if site.startswith(("http://", "https://")) else f"https://{site}", site)
                for site in self.website]

    @property
    def geo_uri(self) -> str | None:
        return None if self.lat is None else f"geo:{self.lat:.5f},{self.lon:.5f}"

    @property
    def group(self) -> str:
        return geo.canonical_district(self.district) if self.district else NATIONWIDE

    def status(self, now: datetime) -> opening.Status:
        return opening.status(self.opening_hours, now, self.municipality, self.district)


_cache = LRU(8)


def has_points() -> bool:
    return db.session.execute(
        db.select(Guide.id).where(Guide.kind == KIND, Guide.published.is_(True)).limit(1)
    ).first() is not None


def points(lang: str) -> list[PointView]:
    """Every published point, in ``lang``, sorted by name; cached per
    content version."""
    version = content_version()
    found = _cache.get((lang, version))
    if found is None:
        found = _load(lang)
        _cache.put((lang, version), found)
    return found


def point(ident: str, lang: str) -> PointView | None:
    return next((item for item in points(lang) if item.id == ident), None)


def _load(lang: str) -> list[PointView]:
    rows = db.session.execute(
        db.select(Guide, Translation.lang, Revision)
        .join(Translation, Translation.guide_id == Guide.id)
        .join(Revision, Revision.id == Translation.current_revision_id)
        .where(Guide.kind == KIND, Guide.published.is_(True), Translation.published.is_(True))
    ).all()
    by_item: dict[int, tuple[Guide, dict[str, Revision]]] = {}
    for item, code, revision in rows:
        by_item.setdefault(item.id, (item, {}))[1][code] = revision
    out = [_view(item, revisions, lang) for item, revisions in by_item.values()
           if SOURCE_LANGUAGE in revisions]
    return sorted(out, key=lambda p: geo.sort_key(p.name.text))


def _pick(revisions: dict[str, Revision], lang: str, name: str) -> Text | None:
    """``name`` in ``lang``, else Portuguese, else any language that has it."""
    order = [lang, SOURCE_LANGUAGE, *(code for code in LANGUAGES if code in revisions)]
    for code in order:
        revision = revisions.get(code)
        if revision is None:
            continue
        value = revision.body_html if name == "notes" else revision.meta.get(name)
        if value:
            return Text(value, code)
    return None


def _view(item: Guide, revisions: dict[str, Revision], lang: str) -> PointView:
    facts = item.facts or {}
    source = facts.get("source") or {}
    coordinates = facts.get("coordinates")
    lat = lon = None
    approximate, location_source = False, None
    if coordinates:
        lat, lon, location_source = coordinates["lat"], coordinates["lon"], "source"
    else:
        seat = geo.seat(facts.get("municipality"), facts.get("district"))
        if seat is not None:
            lat, lon, approximate = seat.lat, seat.lon, True
            location_source = f"{geo.SEATS_SOURCE}, geonameid {seat.geonameid}"
    phones = []
    for entry in facts.get("phones") or []:
        parsed = parse_phone(entry["number"])
        if parsed is not None:
            phones.append(PhoneView(entry["number"], parsed.e164, parsed.display, parsed.cost, entry.get("note")))
    confirmed = facts.get("last_confirmed")
    source_revision = revisions[SOURCE_LANGUAGE]
    updated = max(r.created_at for r in revisions.values())
    return PointView(
        id=item.slug, kind=facts["kind"], place_type=(item.where_to_go or [None])[0],
        name=_pick(revisions, lang, "name") or Text(item.slug, SOURCE_LANGUAGE),
        operator=facts.get("operator"), address=facts.get("address"), postcode=facts.get("postcode"),
        municipality=facts.get("municipality"), district=facts.get("district"),
        lat=lat, lon=lon, approximate=approximate, location_source=location_source,
        phones=phones, email=facts.get("email") or [], website=facts.get("website") or [],
        opening_hours=facts.get("opening_hours"), hours=_pick(revisions, lang, "hours"),
        closures=facts.get("closures") or [], appointment=facts.get("appointment"),
        booking=_pick(revisions, lang, "booking"), languages=facts.get("languages") or [],
        languages_note=facts.get("languages_note"), services=_pick(revisions, lang, "services"),
        topics=facts.get("topics") or [], accessibility=_pick(revisions, lang, "accessibility"),
        how_to_get_there=_pick(revisions, lang, "how_to_get_there"),
        notes_html=_pick(revisions, lang, "notes"),
        source_urls=source.get("urls") or [], source_date=source.get("date"),
        confidence=source.get("confidence") or "partial", confirmed_by=source.get("confirmed_by"),
        last_confirmed=date.fromisoformat(confirmed) if confirmed else None,
        content_hash=source_revision.content_hash, updated_at=updated,
        translations=[code for code in LANGUAGES if code in revisions], requested=lang,
    )


# ---- filters ---------------------------------------------------------------

FILTERS = ("district", "municipality", "kind", "service", "language", "open")
MAX_VALUE = 100


@dataclass
class Filters:
    district: str | None = None
    municipality: str | None = None
    kind: str | None = None
    service: str | None = None
    language: str | None = None
    open: bool = False
    ignored: list[str] = field(default_factory=list)  # names of refused filters

    def active(self) -> bool:
        return any((self.district, self.municipality, self.kind, self.service, self.language, self.open))


def parse_filters(args, topics: set[str] | None) -> Filters:
    """Filters from a query (``args.get``); a value outside its closed list
    is ignored and named in ``ignored``, never an error. ``topics=None``
    takes any topic slug (one that no point has matches nothing)."""
    from ..content.services import POINT_KINDS

    found = Filters()
    district = _value(args, "district")
    if district:
        if geo.canonical_district(district) in geo.districts():
            found.district = geo.canonical_district(district)
        else:
            found.ignored.append("district")
    municipality = _value(args, "municipality")
    if municipality:
        if municipality in geo.municipalities():
            found.municipality = municipality
        else:
            found.ignored.append("municipality")
    kind = _value(args, "kind")
    if kind:
        if kind in POINT_KINDS:
            found.kind = kind
        else:
            found.ignored.append("kind")
    service = _value(args, "service")
    if service:
        if topics is None or service in topics:
            found.service = service
        else:
            found.ignored.append("service")
    language = _value(args, "language")
    if language:
        if re.fullmatch(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*", language):
            found.language = language.split("-")[0]
        else:
            found.ignored.append("language")
    flag = _value(args, "open")
    if flag:
        if flag in ("1", "true", "yes", "on"):
            found.open = True
        else:
            found.ignored.append("open")
    return found


def _value(args, name: str) -> str | None:
    value = args.get(name)
    if value is None:
        return None
    value = value.strip()
    if len(value) > MAX_VALUE:
        return "\x00"  # too long: never in a closed list
    return value or None


def select(items: list[PointView], wanted: Filters, now: datetime) -> list[PointView]:
    out = []
    for item in items:
        if wanted.district and item.group != wanted.district:
            continue
        if wanted.municipality and item.municipality != wanted.municipality:
            continue
        if wanted.kind and item.kind != wanted.kind:
            continue
        if wanted.service and wanted.service not in item.topics:
            continue
        if wanted.language and not any(code.split("-")[0] == wanted.language for code in item.languages):
            continue
        if wanted.open and item.status(now).state != "open":
            continue
        out.append(item)
    return out


def by_district(items: list[PointView]) -> list[tuple[str, list[PointView]]]:
    """Groups by district (alphabetical), nationwide points (no district) first."""
    groups: dict[str, list[PointView]] = {}
    for item in items:
        groups.setdefault(item.group, []).append(item)
    return sorted(groups.items(), key=lambda pair: (pair[0] != NATIONWIDE, geo.sort_key(pair[0])))


def for_place_types(items: list[PointView], place_types: list[str]) -> list[PointView]:
    return [item for item in items if item.place_type in place_types]


# ---- compact data for the device -------------------------------------------

HOLIDAY_DAYS = 60  # closed days listed ahead; packs refresh far more often


def compact(lang: str, today: date | None = None) -> dict:
    """Everything the nearest-to-me search needs, small: one row per point
    (id, name, kind, district, municipality, lat, lon, approximate, tel,
    phone shown, hours index, languages) and each distinct week of opening
    hours once, as [weekday, start minute, end minute] triples, with the
    holidays it closes on in the next weeks (computed here, by the same
    library as the pages)."""
    today = today or datetime.now(opening.LISBON).date()
    monday = today - timedelta(days=today.weekday())
    weeks: dict[str, int] = {}
    week_rows: list[list[list[int]]] = []
    closed: dict[str, list[str]] = {}
    rows = []
    for item in points(lang):
        index = -1
        if item.opening_hours and opening.problem(item.opening_hours) is None:
            key = item.opening_hours
            if key not in weeks:
                weeks[key] = len(week_rows)
                week_rows.append([[day.weekday(), start.hour * 60 + start.minute,
                                   end.hour * 60 + end.minute + (1 if end.minute == 59 and end.hour == 23 else 0)]
                                  for day, spans in opening.week(key, _normal_monday(key, monday))
                                  for start, end in spans])
            index = weeks[key]
            days = _closed_days(item, today)
            if days:
                closed[item.id] = days
        phone = item.phones[0] if item.phones else None
        rows.append([item.id, item.name.text, item.kind, item.group, item.municipality or "",
                     None if item.lat is None else round(item.lat, 4),
                     None if item.lon is None else round(item.lon, 4), 1 if item.approximate else 0,
                     phone.e164 if phone else "", phone.display if phone else "", index,
                     ",".join(item.languages)])
    return {"v": 1, "lang": lang, "today": today.isoformat(), "points": rows, "weeks": week_rows,
            "closed": closed}


def _normal_monday(expression: str, monday: date) -> date:
    """A week without public holidays near ``monday``, so the template shows
    ordinary hours (holidays are listed apart)."""
    import holidays

    for offset in range(0, 10):
        start = monday + timedelta(weeks=offset)
        national = holidays.Portugal(years={start.year, (start + timedelta(days=6)).year})
        if not any(start + timedelta(days=i) in national for i in range(7)):
            return start
    return monday


def _closed_days(item: PointView, today: date) -> list[str]:
    """Days in the next weeks on which a point that closes on public
    holidays is closed (national, and its local holiday)."""
    if not item.opening_hours or not re.search(r"PH (off|closed)", opening.effective(item.opening_hours)):
        return []
    import holidays

    end = today + timedelta(days=HOLIDAY_DAYS)
    years = {today.year, end.year}
    subdiv = opening.subdivision(item.municipality, item.district)
    found = holidays.Portugal(years=years, subdiv=subdiv) if subdiv else holidays.Portugal(years=years)
    return sorted(day.isoformat() for day in found if today <= day <= end)


def guides_for(place_type: str | None, lang: str):
    """Summaries of the guides whose "where to go" names ``place_type``."""
    from .guides import summaries

    if not place_type:
        return []
    rows = db.session.execute(
        db.select(Guide.id, Guide.where_to_go).where(Guide.kind == "guide", Guide.published.is_(True)))
    ids = [ident for ident, places in rows if place_type in (places or [])]
    return summaries(lang, ids) if ids else []
