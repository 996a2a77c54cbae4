"""Calendar files: RFC 5545 checked by two independent parsers (icalendar
and vobject), stable UIDs, the Lisbon time zone, holidays and breaks."""
from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import icalendar
import vobject

LISBON = ZoneInfo("Europe/Lisbon")
SESSION = "/pt/courses/pla-a1-a2/lisboa-pla-a1-a2-evening.ics"


def get_ics(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    assert response.mimetype == "text/calendar"
    return response.get_data()


def test_session_file_parses_in_icalendar_with_timezone_rrule_and_exdates(courses):
    body = get_ics(courses, SESSION)
    cal = icalendar.Calendar.from_ical(body)
    zones = cal.walk("VTIMEZONE")
    assert [str(z["TZID"]) for z in zones] == ["Europe/Lisbon"]
    events = cal.walk("VEVENT")
    assert len(events) == 2  # Monday and Wednesday
    monday = next(e for e in events if "mon" in str(e["UID"]))
    assert monday["DTSTART"].dt == datetime(2027, 1, 11, 18, 30, tzinfo=LISBON)
    rule = monday["RRULE"]
    assert rule["FREQ"] == ["WEEKLY"] and rule["BYDAY"] == ["MO"]
    excluded = {d.dt.date() for exdate in _list(monday.get("EXDATE")) for d in exdate.dts}
    # the Easter break (22 March - 2 April 2027) on Mondays
    assert {date(2027, 3, 22), date(2027, 3, 29)} <= excluded
    assert "CNAIM Lisboa" in str(monday["LOCATION"])
    assert "https://acolher.example/pt/courses/pla-a1-a2/lisboa-pla-a1-a2-evening" in str(monday["DESCRIPTION"])


def _list(value):
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def test_session_file_parses_in_vobject_and_expands_to_the_right_meetings(courses):
    body = get_ics(courses, SESSION).decode()
    cal = vobject.readOne(body)
    starts = sorted(start for event in cal.vevent_list for start in event.getrruleset(addRDate=True))
    assert starts[0] == datetime(2027, 1, 11, 18, 30, tzinfo=starts[0].tzinfo)
    days = {s.date() for s in starts}
    assert date(2027, 3, 22) not in days and date(2027, 3, 24) not in days  # break
    assert date(2027, 4, 5) in days
    assert all(s.date() <= date(2027, 6, 30) for s in starts)
    # 25 weeks x 2 days, less the 4 class days of the break
    assert len(starts) == 46
    assert starts[0].utcoffset().total_seconds() == 0  # WET in January
    assert [s for s in starts if s.month == 6][0].utcoffset().total_seconds() == 3600  # WEST in June


def test_public_holidays_are_excluded(courses):
    body = get_ics(courses, "/pt/courses/pla-a1-a2/porto-provider-pla.ics")
    (event,) = icalendar.Calendar.from_ical(body).walk("VEVENT")
    excluded = {d.dt.date() for exdate in _list(event.get("EXDATE")) for d in exdate.dts}
    # every national holiday on a Tuesday between the start and the end
    import holidays

    expected = {d for d in holidays.Portugal(years=2027) if d.weekday() == 1 and date(2027, 3, 1) <= d <= date(2027, 5, 31)}
    assert excluded == expected


def test_dated_meetings_are_one_event_per_timeslot_with_rdates(courses):
    body = get_ics(courses, "/en/courses/pla-b1-b2/online-pla-b1-b2.ics")
    cal = vobject.readOne(body.decode())
    starts = sorted(s for e in cal.vevent_list for s in (e.getrruleset(addRDate=True) or [e.dtstart.value]))
    assert [s.date().day for s in starts] == [1, 8, 15, 22]
    assert "Online" in body.decode()


def test_uids_are_stable_and_the_description_follows_the_reader(courses):
    pt = icalendar.Calendar.from_ical(get_ics(courses, SESSION))
    en = icalendar.Calendar.from_ical(get_ics(courses, SESSION.replace("/pt/", "/en/")))
    assert sorted(str(e["UID"]) for e in pt.walk("VEVENT")) == sorted(str(e["UID"]) for e in en.walk("VEVENT"))
    assert "Language of instruction" in str(en.walk("VEVENT")[0]["DESCRIPTION"])
    assert "Língua de ensino" in str(pt.walk("VEVENT")[0]["DESCRIPTION"])
    assert get_ics(courses, SESSION) == get_ics(courses, SESSION)  # same bytes, same ETag


def test_programme_feed_carries_its_upcoming_sessions_only(courses):
    body = get_ics(courses, "/en/courses/pla-a1-a2.ics")
    cal = icalendar.Calendar.from_ical(body)
    uids = {str(e["UID"]).split("@")[0] for e in cal.walk("VEVENT")}
    assert any(uid.startswith("lisboa-pla-a1-a2-evening") for uid in uids)
    assert any(uid.startswith("porto-provider-pla") for uid in uids)
    assert not any(uid.startswith("ended-pla") for uid in uids)
    assert str(cal["X-WR-CALNAME"]).endswith("Acolher")
    vobject.readOne(body.decode())


def test_unknown_or_ended_session_ics_is_404_in_the_readers_language(courses):
    for path in ("/uk/courses/pla-a1-a2/ended-pla.ics", "/uk/courses/pla-a1-a2/nope.ics", "/uk/courses/nope.ics"):
        response = courses.get(path)
        assert response.status_code == 404, path
        assert '<html lang="uk"' in response.get_data(as_text=True)


def test_a_thirty_meeting_session_stays_small(courses_site):
    from types import SimpleNamespace

    from portal.calendar import calendar, session_events
    from portal.content.courses import Session

    meetings = [{"date": f"2027-{1 + i // 28:02d}-{1 + i % 28:02d}", "start": "18:30", "end": "21:30"}
                for i in range(0, 60, 2)]
    data = Session().load({"id": "x", "programme": "pla-a1-a2", "place": "online", "format": "online",
                           "language": "pt", "start": "2027-01-01", "end": "2027-03-31", "meetings": meetings,
                           "published_by": "t", "published_on": "2026-11-30"})
    body = calendar(session_events(SimpleNamespace(id="x", facts=data, sequence=1), "acolher.example",
                                   "PLA A1+A2", "d" * 300, "Online", "https://acolher.example/pt/x"))
    assert len(meetings) == 30
    assert len(body) <= 8 * 1024


def test_calendar_files_have_etags_and_answer_304_and_head(courses):
    first = courses.get(SESSION)
    assert first.headers["ETag"] and first.headers["Content-Disposition"].startswith("inline")
    again = courses.get(SESSION, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    head = courses.head(SESSION)
    assert head.status_code == 200 and head.data == b""
