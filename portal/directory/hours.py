"""Opening hours in OpenStreetMap's ``opening_hours`` syntax, parsed and
evaluated by ``opening-hours-py`` (a maintained Rust parser), in
Europe/Lisbon time. Public holidays: the parser's own calendar for Portugal
(national holidays, ``PH``), plus the municipal holiday the ``holidays``
package knows for the seat of each district (and the regional holidays of
the Azores and Madeira), which close a place whose hours say ``PH off``."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays
from opening_hours import OpeningHours, ParserError

LISBON = ZoneInfo("Europe/Lisbon")
DAYS = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
TIME = re.compile(r"(?<![\d:])(\d{1,2}):(\d{2})(?![\d:])")


def problem(expression: str) -> str | None:
    """Why ``expression`` is not usable opening hours, or ``None``."""
    for hours, minutes in TIME.findall(expression):
        if int(hours) > 24 or int(minutes) > 59 or (int(hours) == 24 and int(minutes)):
            return f"impossible time {hours}:{minutes}"
    for start, end in re.findall(r"(\d{1,2}:\d{2})-(\d{1,2}:\d{2})(?!\+)", expression):
        if _minutes(end) <= _minutes(start) and _minutes(end) != 0:
            return f"ends before it starts ({start}-{end})"
    try:
        OpeningHours(expression)
    except (ParserError, SyntaxError, ValueError) as exc:
        first = str(exc).strip().splitlines()
        detail = first[-1].strip(" =") if first else "cannot be read"
        return f"not valid opening_hours syntax ({detail}); see https://wiki.openstreetmap.org/wiki/Key:opening_hours"
    return None


def _minutes(text: str) -> int:
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


def effective(expression: str) -> str:
    """Hours that say nothing about public holidays are read as closed on
    them, as public services in Portugal are; ``PH open``, any other ``PH``
    rule or ``24/7`` says otherwise."""
    if "PH" in expression or expression.strip() == "24/7":
        return expression
    return f"{expression}; PH off"


@lru_cache(maxsize=4096)
def compiled(expression: str) -> OpeningHours:
    return OpeningHours(effective(expression), timezone=LISBON, country="PT")


def subdivision(municipality: str | None, district: str | None) -> str | None:
    """The ``holidays`` subdivision whose municipal holiday applies: a
    district's own seat, or anywhere in an autonomous region."""
    aliases = getattr(holidays.Portugal, "subdivisions_aliases", {})
    if district in ("Região Autónoma dos Açores", "Açores"):
        return aliases.get("Região Autónoma dos Açores")
    if district in ("Região Autónoma da Madeira", "Madeira"):
        return aliases.get("Região Autónoma da Madeira")
    if municipality and municipality == district:
        return aliases.get(district)
    return None


@lru_cache(maxsize=16)
def national_holidays(year: int) -> dict[date, str]:
    return dict(holidays.Portugal(years=year).items())


@lru_cache(maxsize=256)
def local_holidays(subdiv: str | None, year: int) -> dict[date, str]:
    """Holidays that are not national ones: municipal or regional."""
    if subdiv is None:
        return {}
    national = national_holidays(year)
    local = holidays.Portugal(years=year, subdiv=subdiv)
    return {day: name for day, name in local.items() if day not in national}


@dataclass(frozen=True)
class Status:
    state: str  # "open", "closed", "unknown"
    change: datetime | None  # when it closes (open) or opens (closed), Lisbon time
    holiday: str = ""


def status(expression: str | None, now: datetime, municipality: str | None = None,
           district: str | None = None) -> Status:
    """Open or closed at ``now``, and until when (``unknown`` without hours)."""
    if not expression:
        return Status("unknown", None)
    now = now.astimezone(LISBON)
    try:
        hours = compiled(expression)
    except (ParserError, SyntaxError, ValueError):
        return Status("unknown", None)
    closes_on_holidays = _closes_on_holidays(expression)
    subdiv = subdivision(municipality, district) if closes_on_holidays else None
    today_local = local_holidays(subdiv, now.year).get(now.date(), "")
    if today_local:
        return Status("closed", _next_open(hours, subdiv, _next_day(now)), today_local)
    if hours.is_open(now):
        return Status("open", _aware(hours.next_change(now)))
    if hours.is_unknown(now):
        return Status("unknown", None)
    holiday = national_holidays(now.year).get(now.date(), "") if closes_on_holidays else ""
    return Status("closed", _next_open(hours, subdiv, now), holiday)


@lru_cache(maxsize=4096)
def _closes_on_holidays(expression: str) -> bool:
    return re.search(r"PH (off|closed)", effective(expression)) is not None


def _next_day(moment: datetime) -> datetime:
    return datetime.combine(moment.date() + timedelta(days=1), time(0), LISBON)


def _aware(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=LISBON)
    return moment.astimezone(LISBON)


def _next_open(hours: OpeningHours, subdiv: str | None, moment: datetime) -> datetime | None:
    """The next opening after ``moment``, skipping local holidays; ``None``
    beyond a year."""
    limit = moment + timedelta(days=370)
    while moment < limit:
        if hours.is_open(moment) and not local_holidays(subdiv, moment.year).get(moment.date()):
            return moment
        following = _aware(hours.next_change(moment))
        if following is None or following <= moment:
            return None
        if local_holidays(subdiv, following.year).get(following.date()):
            following = _next_day(following)
        moment = following
    return None


def week(expression: str | None, monday: date) -> list[tuple[date, list[tuple[time, time]]]]:
    """Each day of the week starting ``monday``: its open intervals."""
    if not expression:
        return []
    try:
        hours = compiled(expression)
    except (ParserError, SyntaxError, ValueError):
        return []
    start = datetime.combine(monday, time(0), LISBON)
    days: list[tuple[date, list[tuple[time, time]]]] = [(monday + timedelta(days=i), []) for i in range(7)]
    for begin, end, state, _comment in hours.intervals(start, start + timedelta(days=7)):
        if not str(state).lower().endswith("open"):
            continue
        begin, end = _aware(begin), _aware(end)
        while begin < end:  # split at midnight: one span per day
            midnight = datetime.combine(begin.date() + timedelta(days=1), time(0), LISBON)
            stop = min(end, midnight)
            index = (begin.date() - monday).days
            if 0 <= index < 7:
                days[index][1].append((begin.time(), time(23, 59) if stop == midnight else stop.time()))
            begin = stop
    return days
