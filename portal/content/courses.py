"""Course programmes and sessions: their schemas and the rules a session
must follow (dates, times, place, enrolment), shared by ``content publish``
and ``flask courses import``, so both refuse the same input with the same
``file:line: field: message``.

A *programme* is what a course is (PLA A1+A2); a *session* is one dated run
of a programme at a place. Text a reader reads is a per-language map
(``title: {pt: ..., en: ...}``) that falls back to Portuguese.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, time, timedelta

import phonenumbers
from marshmallow import (
    RAISE,
    Schema,
    ValidationError,
    fields,
    post_load,
    validate,
    validates_schema,
)

from ..i18n import LANGUAGES, SOURCE_LANGUAGE
from .records import provenance_field
from .schemas import SLUG, SourceLink, _last_checked, json_safe, plain_url

CEFR = ("A1", "A2", "B1", "B2", "C1", "C2")
AUDIENCES = ("newcomers", "staff")
PROGRAMME_KINDS = ("portuguese", "digital", "procedures", "mediation", "other")
FORMATS = ("in-person", "online", "blended")
FREE = ("yes", "usually", "no", "unknown")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
ONLINE = "online"
# A session runs for at most two years; a schedule is expanded day by day.
MAX_SESSION_DAYS = 2 * 366
MAX_MEETINGS = 400
TIME_RE = re.compile(r"^(\d{1,2}):(\d{2})$")


def text_map(maximum: int, required: bool = True):
    """Reader text in several languages; Portuguese is required."""
    extra = {"required": True} if required else {"load_default": dict}
    return fields.Dict(
        keys=fields.String(validate=validate.OneOf(list(LANGUAGES), error="unknown language {input!r}")),
        values=fields.String(validate=validate.Length(min=1, max=maximum)),
        validate=_has_source, error_messages={
            "invalid": "must be a map of language: text, e.g. 'pt: ...' on its own line"},
        **extra,
    )


def _has_source(value: dict) -> None:
    if value and SOURCE_LANGUAGE not in value:
        raise ValidationError(f"needs the text in {SOURCE_LANGUAGE!r}, the source language")


def clock(value: str) -> time:
    """``"18:30"`` as a time; refuses ``25:00`` and ``18:70``."""
    found = TIME_RE.match(str(value))
    if not found or int(found[1]) > 23 or int(found[2]) > 59:
        raise ValidationError(f"{value!r} is not a time of day: write it as HH:MM, from 00:00 to 23:59")
    return time(int(found[1]), int(found[2]))


def phone(value: str) -> None:
    try:
        number = phonenumbers.parse(value, "PT")
    except phonenumbers.NumberParseException as exc:
        raise ValidationError(f"{value!r} is not a phone number ({exc})") from None
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(f"{value!r} is not a valid phone number; write it as +351 2xx xxx xxx")


def tel_uri(value: str) -> str:
    """``tel:+351218106191`` for a link."""
    number = phonenumbers.parse(value, "PT")
    return "tel:" + phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _date(**kwargs):
    return fields.Date(
        format="%Y-%m-%d",
        error_messages={"invalid": "not a valid date: write it as YYYY-MM-DD, e.g. 2027-01-11"},
        **kwargs)


class _Strict(Schema):
    class Meta:
        unknown = RAISE


class Contact(_Strict):
    name = fields.String(validate=validate.Length(min=1, max=200))
    phone = fields.String(validate=phone)
    email = fields.Email()
    url = fields.Url(schemes={"https"}, validate=plain_url, error_messages={"invalid": "must be an https:// address"})


class Unit(_Strict):
    code = fields.String(required=True, validate=validate.Length(min=1, max=20))
    level = fields.String(validate=validate.OneOf(CEFR, error="must be a CEFR level: A1, A2, B1, B2, C1 or C2"))
    hours = fields.Integer(required=True, strict=True, validate=validate.Range(min=1, max=2000))
    title = fields.String(required=True, validate=validate.Length(min=1, max=200))


PROGRAMME_TEXT = ("title", "summary", "description", "hours_note", "schedule_note", "cost", "eligibility",
                  "certifies", "accepted_for", "providers", "how_to_enrol", "please_check")
SESSION_TEXT = ("how_to_enrol", "notes")


class Programme(_Strict):
    """``content/courses/programmes/<id>.yaml``."""

    id = fields.String(required=True, validate=[SLUG, validate.Length(max=80)])
    title = text_map(200)
    summary = text_map(300)
    description = text_map(2000)
    audience = fields.String(required=True, validate=validate.OneOf(AUDIENCES))
    kind = fields.String(required=True, validate=validate.OneOf(PROGRAMME_KINDS))
    levels = fields.List(fields.String(validate=validate.OneOf(
        CEFR, error="must be a CEFR level: A1, A2, B1, B2, C1 or C2")), load_default=list)
    code = fields.String(validate=validate.Length(min=1, max=40))
    hours = fields.Integer(strict=True, validate=validate.Range(min=1, max=5000), load_default=None)
    hours_note = text_map(400, required=False)
    units = fields.List(fields.Nested(Unit), load_default=list)
    schedule_note = text_map(400, required=False)
    cost = text_map(400)
    free = fields.String(required=True, validate=validate.OneOf(FREE))
    eligibility = text_map(1500)
    certifies = text_map(600)
    accepted_for = text_map(800)
    providers = text_map(800)
    how_to_enrol = text_map(800)
    contact = fields.Nested(Contact, load_default=dict)
    please_check = text_map(2000, required=False)  # one note per line
    # Languages whose text is a machine translation (readers are told).
    machine_translated = fields.List(fields.String(validate=validate.OneOf(list(LANGUAGES))), load_default=list)
    guides = fields.List(fields.String(validate=SLUG), load_default=list)
    sources = fields.List(fields.Nested(SourceLink), required=True, validate=validate.Length(min=1))
    last_checked = _last_checked()
    # How each language's text was made ({ar: machine-reviewed}; absent: human).
    translation = provenance_field()


class Weekly(_Strict):
    day = fields.String(required=True, validate=validate.OneOf(
        WEEKDAYS, error="must be one of mon, tue, wed, thu, fri, sat, sun"))
    start = fields.String(required=True, validate=clock)
    end = fields.String(required=True, validate=clock)

    @validates_schema(skip_on_field_errors=True)
    def ends_after_start(self, data, **kwargs):
        if clock(data["end"]) <= clock(data["start"]):
            raise ValidationError(f"ends at {data['end']}, not after it starts ({data['start']})", "end")


class Meeting(_Strict):
    date = _date(required=True)
    start = fields.String(required=True, validate=clock)
    end = fields.String(required=True, validate=clock)

    @validates_schema(skip_on_field_errors=True)
    def ends_after_start(self, data, **kwargs):
        if clock(data["end"]) <= clock(data["start"]):
            raise ValidationError(f"ends at {data['end']}, not after it starts ({data['start']})", "end")


class Break(_Strict):
    start = _date(required=True, data_key="from")
    end = _date(required=True, data_key="to")

    @validates_schema(skip_on_field_errors=True)
    def in_order(self, data, **kwargs):
        if data["end"] < data["start"]:
            raise ValidationError("a break cannot end before it starts", "to")

    @post_load
    def as_written(self, data, **kwargs):
        """Keys as in the file (``from``/``to``), so export writes it back."""
        return {"from": data["start"], "to": data["end"]}


class Provider(_Strict):
    """A place not in the directory."""

    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    municipality = fields.String(required=True, validate=validate.Length(min=1, max=80))
    district = fields.String(validate=validate.Length(min=1, max=80))  # only where two share a name
    address = fields.String(validate=validate.Length(min=1, max=300))
    phone = fields.String(validate=phone)
    email = fields.Email()
    url = fields.Url(schemes={"https"}, validate=plain_url, error_messages={"invalid": "must be an https:// address"})

    @validates_schema(skip_on_field_errors=True)
    def reachable(self, data, **kwargs):
        if not any(data.get(name) for name in ("phone", "email", "url")):
            raise ValidationError("give a contact for a provider not in the directory: phone, email or url",
                                  "phone")


class Enrol(_Strict):
    url = fields.Url(schemes={"https"}, validate=plain_url, error_messages={"invalid": "must be an https:// address"})
    phone = fields.String(validate=phone)
    email = fields.Email()


class Session(_Strict):
    """``content/courses/sessions/<id>.yaml``, or a row of the providers'
    spreadsheet."""

    id = fields.String(required=True, validate=[SLUG, validate.Length(max=80)])
    programme = fields.String(required=True, validate=SLUG)
    place = fields.String(validate=[validate.Length(max=80), SLUG])
    provider = fields.Nested(Provider)
    format = fields.String(required=True, validate=validate.OneOf(FORMATS))
    language = fields.String(required=True, validate=validate.OneOf(
        list(LANGUAGES), error="must be one of " + ", ".join(LANGUAGES)))
    levels = fields.List(fields.String(validate=validate.OneOf(
        CEFR, error="must be a CEFR level: A1, A2, B1, B2, C1 or C2")), load_default=list)
    start = _date(required=True)
    end = _date(required=True)
    schedule = fields.List(fields.Nested(Weekly), load_default=list)
    meetings = fields.List(fields.Nested(Meeting), load_default=list)
    breaks = fields.List(fields.Nested(Break), load_default=list)
    skip_holidays = fields.Boolean(load_default=True)
    seats = fields.Integer(strict=True, validate=validate.Range(min=1, max=10000), load_default=None)
    enrol_by = _date(load_default=None)
    enrol = fields.Nested(Enrol, load_default=dict)
    how_to_enrol = text_map(400, required=False)
    contact = fields.Nested(Contact, load_default=dict)
    notes = text_map(800, required=False)
    published_by = fields.String(required=True, validate=validate.Length(min=1, max=200))
    published_on = _date(required=True)
    # How each language's text was made ({ar: machine-reviewed}; absent: human).
    translation = provenance_field()

    @validates_schema(skip_on_field_errors=False)
    def coherent(self, data, **kwargs):
        errors: dict[str, list[str]] = {}

        def refuse(name, message):
            errors.setdefault(name, []).append(message)

        start, end = data.get("start"), data.get("end")
        if start and end:
            if end < start:
                refuse("end", f"the session ends ({end}) before it starts ({start})")
            elif (end - start).days > MAX_SESSION_DAYS:
                refuse("end", "a session runs for at most two years: publish a new session for the next run")
            for index, meeting in enumerate(data.get("meetings") or []):
                if isinstance(meeting, dict) and "date" in meeting and not start <= meeting["date"] <= end:
                    refuse(f"meetings[{index}].date",
                           f"{meeting['date']} is outside the session's dates ({start} to {end})")
            if data.get("enrol_by") and data["enrol_by"] > start:
                refuse("enrol_by", f"the enrolment deadline ({data['enrol_by']}) is after the start ({start})")
        if "schedule" in data and "meetings" in data:
            if data["schedule"] and data["meetings"]:
                refuse("meetings", "give either a weekly schedule or a list of meetings, not both")
            elif not data["schedule"] and not data["meetings"]:
                refuse("schedule", "give a weekly schedule (schedule:) or a list of dated meetings (meetings:)")
        place, provider, fmt = data.get("place"), data.get("provider"), data.get("format")
        if place and provider:
            refuse("provider", "give either a place from the directory (place:) or a provider, not both")
        if fmt == "online":
            if place and place != ONLINE:
                refuse("place", f"an online session has no place: write 'place: {ONLINE}'")
            if provider and provider.get("address"):
                refuse("provider.address", "an online session has no address")
        elif fmt in ("in-person", "blended"):
            if place == ONLINE or (not place and not provider):
                refuse("place", f"an {fmt} session needs a place: a service point id (place:) "
                       "or a provider (name, municipality, contact)")
        if errors:
            raise ValidationError(errors)

    @post_load
    def defaults(self, data, **kwargs):
        if data["format"] == "online" and not data.get("place") and not data.get("provider"):
            data["place"] = ONLINE
        return data


@dataclass(frozen=True)
class Occurrence:
    day: date
    start: time
    end: time


def national_holidays(first: date, last: date) -> dict[date, str]:
    """Portugal's national public holidays between two dates (the
    ``holidays`` package; municipal holidays are not included)."""
    import holidays

    found = holidays.Portugal(years=range(first.year, last.year + 1), language="pt_PT")
    return {day: name for day, name in found.items() if first <= day <= last}


def skipped_days(session: dict) -> dict[date, str]:
    """Days a weekly session does not meet: breaks, then holidays."""
    skipped: dict[date, str] = {}
    for pause in session.get("breaks", []):
        day = max(pause["from"], session["start"])
        while day <= min(pause["to"], session["end"]):
            skipped[day] = "break"
            day += timedelta(days=1)
    if session.get("skip_holidays", True):
        for day, name in national_holidays(session["start"], session["end"]).items():
            skipped.setdefault(day, name)
    return skipped


def occurrences(session: dict, limit: int = MAX_MEETINGS) -> list[Occurrence]:
    """Every meeting of a session in date order: its dated meetings, or its
    weekly schedule between its start and end dates without breaks and
    holidays."""
    if session.get("meetings"):
        found = [Occurrence(m["date"], clock(m["start"]), clock(m["end"])) for m in session["meetings"]]
        return sorted(found, key=lambda o: (o.day, o.start))[:limit]
    slots: dict[int, list[dict]] = {}
    for slot in session.get("schedule", []):
        slots.setdefault(WEEKDAYS.index(slot["day"]), []).append(slot)
    skipped = skipped_days(session)
    found = []
    day = session["start"]
    while day <= session["end"] and len(found) < limit:
        if day not in skipped:
            for slot in sorted(slots.get(day.weekday(), []), key=lambda s: s["start"]):
                found.append(Occurrence(day, clock(slot["start"]), clock(slot["end"])))
        day += timedelta(days=1)
    return found[:limit]


# --- the two kinds' hooks (registered in :mod:`portal.content.kinds`) ------

def apply_programme(item, data: dict, topics: dict) -> None:
    """The language-independent part of a programme goes into ``facts``;
    the guides that count its certificate into ``related``."""
    item.topic = None
    item.position = 100
    item.last_checked = data["last_checked"]
    item.where_to_go = []
    item.related = list(data.get("guides", []))
    item.sources = data["sources"]
    item.facts = json_safe({key: value for key, value in data.items() if key not in PROGRAMME_TEXT})
    item.published = True


def apply_session(item, data: dict, topics: dict) -> None:
    """A session's facts: dates, place, schedule, enrolment; its "last
    checked" date is the day it was published."""
    item.topic = None
    item.position = 100
    item.last_checked = data["published_on"]
    item.where_to_go = []
    item.related = []
    item.sources = []
    item.facts = json_safe({key: value for key, value in data.items() if key not in SESSION_TEXT})
    item.published = True


def _line(text: str, limit: int) -> str:
    text = " ".join(str(text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def programme_words(data: dict, rendered) -> dict:
    return {"title": _line(data.get("title"), 300), "summary": _line(data.get("summary"), 400),
            "cost": _line(data.get("cost"), 300), "duration": ""}


def session_words(data: dict, rendered) -> dict:
    """The source names its programme and dates; a translation only has its
    own text (how to enrol)."""
    if "programme" in data:
        title = f"{data['programme']} {data['start']} – {data['end']}"
    else:
        title = ""
    return {"title": _line(title, 300), "summary": _line(data.get("how_to_enrol"), 400), "cost": "",
            "duration": ""}


def session_problems(data: dict, programmes: dict[str, list[str]], points: set[str]) -> list[tuple[str, str]]:
    """(field, message) for what a session names that does not exist: its
    programme, its service point, a level its programme does not teach, a
    provider's municipality not in Portugal's list. ``programmes`` maps
    each programme id to its levels; ``points`` holds the service point ids."""
    from .. import geo

    found = []
    if data["programme"] not in programmes:
        found.append(("programme", f"unknown programme {data['programme']!r}; known: "
                      + ", ".join(sorted(programmes))))
    else:
        taught = programmes[data["programme"]]
        for index, level in enumerate(data.get("levels", [])):
            if taught and level not in taught:
                found.append((f"levels[{index}]", f"{level} is not a level of {data['programme']} "
                              f"({', '.join(taught)})"))
    place = data.get("place")
    if place and place != ONLINE and place not in points:
        found.append(("place", f"unknown service point {place!r}: use the id of a service point in "
                      "the directory (content/services/), 'online', or give a provider instead"))
    provider = data.get("provider")
    if provider:
        districts = geo.municipalities().get(provider["municipality"])
        if not districts:
            found.append(("provider.municipality",
                          f"unknown municipality {provider['municipality']!r}: write it as in the official "
                          "list (e.g. Lisboa, Vila Nova de Gaia)"))
        elif len(districts) > 1 and provider.get("district") not in districts:
            found.append(("provider.district", f"there is more than one {provider['municipality']}: "
                          "add its district (" + " or ".join(districts) + ")"))
    return found


def cross_check_programmes(content) -> None:
    """A programme's guides must exist."""
    from .guides import unknown_guides

    slugs = set(content.guides)
    for _slug, files in sorted(content.items.get("programme", {}).items()):
        unknown_guides(content, files[SOURCE_LANGUAGE], "guides", slugs)


def cross_check_sessions(content) -> None:
    """A session's programme, place, levels and provider's municipality."""
    from .loader import Problem

    programmes = {slug: files[SOURCE_LANGUAGE].data.get("levels", [])
                  for slug, files in content.items.get("programme", {}).items()}
    points = set(content.items.get("service", {}))
    for _slug, files in sorted(content.items.get("session", {}).items()):
        source = files[SOURCE_LANGUAGE]
        for name, message in session_problems(source.data, programmes, points):
            line = source.lines.get(name) or source.lines.get(name.split(".")[0].split("[")[0], 1)
            content.problems.append(Problem(source.path, line, name, message))


def no_pages(lang: str, topic: str | None) -> list[str]:
    """Sessions are in a pack through their programme's page."""
    return []


class TextOnly(Schema):
    """What a language carries of a record (checked already as part of it)."""

    class Meta:
        unknown = RAISE


def pack_pages(lang: str, topic: str | None) -> list[str]:
    """The courses list and every programme page (each lists its upcoming
    sessions), in the language's whole pack and in the language topic's."""
    from ..read import courses

    if topic not in (None, "language"):
        return []
    found = courses.programmes(lang)
    if not found:
        return []
    return [f"/{lang}/courses", *(f"/{lang}/courses/{p.id}" for p in found)]
