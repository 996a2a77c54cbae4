"""Directory pages: the list with filters (a plain GET form), a page per
service point, the helplines, and the compact data the nearest-to-me
search reads on the device. They only read."""
from __future__ import annotations

import json
from datetime import date, datetime, timedelta

from babel.dates import get_day_names
from flask import abort, g, make_response, request
from flask_babel import format_time, get_locale
from flask_babel import lazy_gettext as _l

from .. import geo
from .. import read as read_guides
from ..content.services import KINDS_OF_PLACE, POINT_KINDS
from ..directory import hours as opening
from ..read import services as directory
from ..vocab import POINT_KIND_LABELS as KIND_LABELS
from . import bp
from .pages import page

COST_LABELS = {
    "free": _l("free call"),
    "shared-cost": _l("shared-cost call (charged)"),
    "premium": _l("premium-rate call (charged)"),
    "standard": _l("charged as a call to a landline"),
    "mobile": _l("charged as a call to a mobile"),
}


def now() -> datetime:
    return datetime.now(opening.LISBON)


def _topics(lang: str) -> dict[str, str]:
    return {t.slug: t.title for t in read_guides.topics(lang)}


@bp.app_context_processor
def directory_helpers():
    return {"kind_label": lambda kind: KIND_LABELS.get(kind, kind),
            "cost_label": lambda cost: COST_LABELS.get(cost, ""),
            "status_line": status_line}


def status_line(item, moment: datetime | None = None) -> tuple[str, str]:
    """("open"|"closed"|"unknown", the sentence a reader sees)."""
    moment = moment or now()
    found = item.status(moment)
    if found.state == "open":
        if found.change is None:
            return "open", str(_l("Open now"))
        return "open", str(_l("Open now · closes at %(time)s", time=_time(found.change)))
    if found.state == "closed":
        prefix = str(_l("Closed today (holiday)")) if found.holiday else str(_l("Closed now"))
        if found.change is None:
            return "closed", prefix
        when = found.change
        if when.date() == moment.date():
            return "closed", str(_l("%(closed)s · opens today at %(time)s", closed=prefix, time=_time(when)))
        if when.date() == moment.date() + timedelta(days=1):
            return "closed", str(_l("%(closed)s · opens tomorrow at %(time)s", closed=prefix, time=_time(when)))
        return "closed", str(_l("%(closed)s · opens on %(day)s at %(time)s", closed=prefix,
                                day=_day_name(when.weekday()), time=_time(when)))
    return "unknown", str(_l("Opening hours not confirmed: call before you go"))


def _time(moment) -> str:
    return format_time(moment.replace(tzinfo=None) if hasattr(moment, "tzinfo") else moment, "short")


def _day_name(weekday: int) -> str:
    return get_day_names("wide", locale=get_locale())[weekday]


def week_rows(item, moment: datetime | None = None) -> list[tuple[str, list[str], bool]]:
    """(day name, ["09:00–13:00", ...], is today) for the current week."""
    moment = moment or now()
    today = moment.date()
    monday = today - timedelta(days=today.weekday())
    names = get_day_names("wide", locale=get_locale())
    rows = []
    for day, spans in opening.week(item.opening_hours, monday):
        text = [f"{format_time(start, 'short')}–{format_time(end, 'short')}" for start, end in spans]
        rows.append((names[day.weekday()], text, day == today))
    return rows


@bp.get("/<lang>/services")
def services():
    points = directory.points(g.lang)
    topics = _topics(g.lang)
    wanted = directory.parse_filters(request.args, set(topics))
    moment = now()
    found = directory.select(points, wanted, moment)
    municipalities = sorted({p.municipality for p in points if p.municipality}, key=geo.sort_key)
    languages = sorted({code for p in points for code in p.languages})
    return page("services.html", groups=directory.by_district(found), wanted=wanted, total=len(points),
                count=len(found), districts=geo.districts(), municipalities=municipalities,
                kinds=[k for k in POINT_KINDS if any(p.kind == k for p in points)],
                topics=topics, languages=languages, moment=moment)


@bp.get("/<lang>/services/<string(maxlength=80):ident>")
def service_point(ident):
    found = directory.point(ident, g.lang)
    if found is None:
        abort(404)
    guides = directory.guides_for(found.place_type, g.lang)
    topics = _topics(g.lang)
    return page("service_point.html", point=found, week=week_rows(found), guides=guides,
                topics=[(slug, topics[slug]) for slug in found.topics if slug in topics],
                today=date.today())


@bp.get("/<lang>/services/directory.json")
def service_data():
    """The compact directory for the device (offline nearest-to-me)."""
    body = json.dumps(directory.compact(g.lang), ensure_ascii=False, separators=(",", ":"))
    response = make_response(body)
    response.mimetype = "application/json"
    response.headers["Cache-Control"] = "public, max-age=0, s-maxage=60, must-revalidate"
    return response


@bp.get("/<lang>/help")
def helplines():
    lines = [p for p in directory.points(g.lang) if p.kind in ("helpline", "health-line")]
    return page("help.html", lines=lines, moment=now())


def services_for_places(place_types: list[str]) -> list[tuple[str, str]]:
    """(place type, service-point kind) of a guide's places that the
    directory lists."""
    return [(place, KINDS_OF_PLACE[place]) for place in place_types if place in KINDS_OF_PLACE]


@bp.app_template_global("directory_links")
def directory_links(place_types: list[str]) -> list[tuple[str, str]]:
    if not place_types or not directory.has_points():
        return []
    kinds = {p.kind for p in directory.points(g.lang)}
    return [(place, kind) for place, kind in services_for_places(place_types) if kind in kinds]


@bp.app_template_filter("language_name")
def language_name(code: str) -> str:
    """A BCP-47 tag's name in the reader's language (Babel's CLDR data)."""
    from babel import Locale

    names = Locale.parse(str(get_locale())).languages
    return names.get(code.replace("-", "_")) or names.get(code.split("-")[0]) or code
