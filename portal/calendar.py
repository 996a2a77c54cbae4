"""Course sessions as iCalendar (RFC 5545), built with the ``icalendar``
library: one file per session and one feed per programme that calendar
apps can subscribe to.

Times are local to Europe/Lisbon and the file carries that VTIMEZONE. A
weekly schedule is one event per weekly slot with an RRULE up to the
session's end and an EXDATE for every break day and public holiday; dated
meetings that share their hours are one event with RDATEs. UIDs are made
from the session id and the slot, never from the content, so importing the
file again updates the same events rather than adding copies.
"""
from __future__ import annotations

from datetime import datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard, vRecur

from .content.courses import WEEKDAYS, clock, skipped_days

LISBON = ZoneInfo("Europe/Lisbon")
PRODID = "-//Acolher//Courses//PT"
RRULE_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def _local(day, moment: time) -> datetime:
    return datetime.combine(day, moment, tzinfo=LISBON)


def _stamp(session) -> datetime:
    """DTSTAMP: when the session was published (not now), so the same
    content gives the same bytes and the same ETag."""
    published = session.facts["published_on"]
    return datetime.combine(published, time(0, 0), tzinfo=timezone.utc)


def session_events(session, domain: str, summary: str, description: str,
                   location: str, url: str) -> list[Event]:
    """The VEVENTs of one session (a ``portal.read.courses.SessionView``)."""
    data = session.facts
    events = []

    def event(uid: str, first, start: time, end: time) -> Event:
        item = Event()
        item.add("uid", f"{uid}@{domain}")
        item.add("dtstamp", _stamp(session))
        item.add("sequence", session.sequence)
        item.add("dtstart", _local(first, start))
        item.add("dtend", _local(first, end))
        item.add("summary", summary)
        item.add("description", description)
        if location:
            item.add("location", location)
        item.add("url", url)
        item.add("transp", "OPAQUE")
        return item

    if data.get("meetings"):
        groups: dict[tuple, list] = {}
        for meeting in data["meetings"]:
            groups.setdefault((meeting["start"], meeting["end"]), []).append(meeting["date"])
        for (start, end), days in sorted(groups.items()):
            days = sorted(days)
            item = event(f"{session.id}-{start.replace(':', '')}-{end.replace(':', '')}",
                         days[0], clock(start), clock(end))
            if len(days) > 1:
                item.add("rdate", [_local(day, clock(start)) for day in days[1:]])
            events.append(item)
        return events
    skipped = skipped_days(data)
    until = datetime.combine(data["end"], time(23, 59, 59), tzinfo=LISBON).astimezone(timezone.utc)
    for slot in data["schedule"]:
        weekday = WEEKDAYS.index(slot["day"])
        first = data["start"] + timedelta(days=(weekday - data["start"].weekday()) % 7)
        if first > data["end"]:
            continue
        start, end = clock(slot["start"]), clock(slot["end"])
        item = event(f"{session.id}-{slot['day']}-{slot['start'].replace(':', '')}", first, start, end)
        item.add("rrule", vRecur(freq="WEEKLY", until=until, byday=RRULE_DAYS[weekday]))
        excluded = sorted(day for day in skipped if day.weekday() == weekday and day >= first)
        if excluded:
            item.add("exdate", [_local(day, start) for day in excluded])
        events.append(item)
    return events


def lisbon_timezone() -> Timezone:
    """Europe/Lisbon as its rules since 1996 (last Sunday of March and of
    October), as calendar apps write it: a few hundred bytes, where a
    transition list from the tz database is several kilobytes."""
    zone = Timezone()
    zone.add("tzid", "Europe/Lisbon")
    zone.add("x-lic-location", "Europe/Lisbon")
    for part, start, month, before, after, name in (
        (TimezoneDaylight(), datetime(1996, 3, 31, 1, 0), 3, 0, 1, "WEST"),
        (TimezoneStandard(), datetime(1996, 10, 27, 2, 0), 10, 1, 0, "WET"),
    ):
        part.add("dtstart", start)
        part.add("rrule", vRecur(freq="YEARLY", bymonth=month, byday="-1SU"))
        part.add("tzoffsetfrom", timedelta(hours=before))
        part.add("tzoffsetto", timedelta(hours=after))
        part.add("tzname", name)
        zone.add_component(part)
    return zone


def calendar(events: list[Event], name: str | None = None) -> bytes:
    """A VCALENDAR with the Europe/Lisbon VTIMEZONE and the given events."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    if name:
        cal.add("name", name)
        cal.add("x-wr-calname", name)
        cal.add("refresh-interval", timedelta(days=1), parameters={"VALUE": "DURATION"})
        cal.add("x-published-ttl", "P1D")
    if events:
        cal.add_component(lisbon_timezone())
    for item in events:
        cal.add_component(item)
    return cal.to_ical()
