"""What editors read for each field of a content file: a label in their
interface language and, where the field needs it, a one-line hint; and a
label for each value of a closed choice (the kind of a service point, the
format of a session...).

Fields are named by kind and dotted path inside the file (``name``,
``phones.number``, ``source.urls``, ``closures.from``); a kind of ``"*"``
names a field several kinds share with the same meaning. A field without an
entry shows its own name, tidied; ``tests/editor/test_labels.py`` walks
every kind's schemas and fails, naming the path, when a field or a choice
has no entry here.

Hints say what to write and in which form; they never state facts about a
service or a procedure (those belong to the content and its sources).
"""
from __future__ import annotations

import re
from collections.abc import Mapping

from flask_babel import lazy_gettext as _l

from ..content.courses import WEEKDAYS
from ..i18n import LANGUAGES
from ..vocab import COURSE_AUDIENCES, COURSE_FORMATS, COURSE_FREE, COURSE_KINDS, PLACE_TYPES, POINT_KIND_LABELS

# I18N: keep YYYY-MM-DD and the example date as they are: dates are typed in this form.
_DATE = _l("A date written YYYY-MM-DD, e.g. 2026-11-27.")
_TEXT_MAP = _l("Text for readers, per language; Portuguese is required and shown where a language has none.")
_OPTIONAL_MAP = _l("Text for readers, per language (optional); Portuguese is shown where a language has none.")
# I18N: keep https:// as it is.
_HTTPS = _l("A full web address starting with https://, copied from the browser's address bar.")
_PHONE = _l("A phone number, e.g. +351 2xx xxx xxx.")
# I18N: keep HH:MM and 18:30 as they are: times are typed in this form.
_CLOCK = _l("A time of day written HH:MM, e.g. 18:30.")
_ID = _l("Lowercase letters, digits and hyphens; it is the file name and part of the page's address: "
         "choose it once and do not change it.")
_GUIDE_SLUGS = _l("Ids of guides (the guide's address after /guides/), e.g. tax-number-nif.")

# (kind or "*", dotted path) -> (label, hint or None)
FIELDS: dict[tuple[str, str], tuple] = {
    # --- shared by several kinds ------------------------------------------------------
    ("*", "body"): (
        _l("Text of the page"),
        # I18N: keep ##, - and guide:slug as they are: they are typed in the text.
        _l("Markdown: ## for headings, - for lists; link guides with guide:slug.")),
    ("*", "id"): (_l("Id"), _ID),
    ("*", "sources"): (_l("Sources"), _l(
        "The official pages the facts come from: a title and an https:// address each.")),
    ("*", "sources.title"): (_l("Source title"), _l("The name of the page or document, as the source writes it.")),
    ("*", "sources.url"): (_l("Source address"), _HTTPS),
    ("*", "last_checked"): (_l("Last checked"), _l(
        "The day the facts were last checked against the sources, YYYY-MM-DD; not in the future.")),
    ("*", "minor"): (_l("Minor edit"), _l("A small correction (a typo): translations stay up to date.")),
    ("*", "translation"): (_l("How this translation was made"), None),
    ("*", "source_revision"): (_l("Portuguese revision translated"), _l(
        "Filled in by the workspace: which Portuguese version this translation follows.")),
    ("*", "how_to_enrol"): (_l("How to enrol"), _OPTIONAL_MAP),
    ("*", "notes"): (_l("Notes"), _l("Optional Markdown text for readers, per language; may link to guides.")),
    ("*", "contact"): (_l("Contact"), _l("Optional: a name, phone, email or web address to ask about it.")),
    ("*", "contact.name"): (_l("Contact name"), _l("A person, office or service, as the source names it.")),
    ("*", "contact.phone"): (_l("Contact phone"), _PHONE),
    ("*", "contact.email"): (_l("Contact email"), _l("An email address, e.g. name@example.pt.")),
    ("*", "contact.url"): (_l("Contact web address"), _HTTPS),

    # --- guides -----------------------------------------------------------------------
    ("guide", "title"): (_l("Title"), _l(
        "Plain words saying what the reader wants to do, e.g. Get a tax number (NIF). At most 200 characters.")),
    ("guide", "summary"): (_l("Summary"), _l("One sentence, at most 200 characters.")),
    ("guide", "cost"): (_l("Cost"), _l("Short text, e.g. Free. At most 200 characters.")),
    ("guide", "duration"): (_l("Time it takes"), _l("Short text: how long it takes. At most 200 characters.")),
    ("guide", "topic"): (_l("Topic"), _l("The id of a topic from topics.yaml, e.g. first-steps.")),
    ("guide", "order"): (_l("Position in the topic"), _l("A whole number; smaller comes first (default 100).")),
    ("guide", "where_to_go"): (_l("Where to go"), _l("The kinds of place a reader may have to go to.")),
    ("guide", "related"): (_l("Related guides"), _GUIDE_SLUGS),

    # --- glossary terms ---------------------------------------------------------------
    ("glossary", "term"): (_l("Term"), _l(
        "Portuguese file: the term as written on signs and documents. Translation: the term in this language "
        "(for terms kept in Portuguese, the short explanation shown next to it). At most 120 characters.")),
    ("glossary", "also"): (_l("Other forms"), _l("Other ways people say or write it: variants, acronyms.")),
    ("glossary", "keep_portuguese"): (_l("Keep the Portuguese name"), _l(
        "Tick for office and document names readers see on signs: translations keep the Portuguese name.")),
    ("glossary", "see_also"): (_l("Guides to see"), _l(
        "At least one guide that explains more; ids of guides, e.g. tax-number-nif.")),

    # --- service points ---------------------------------------------------------------
    ("service", "kind"): (_l("Kind of service point"), None),
    ("service", "name"): (_l("Name"), _TEXT_MAP),
    ("service", "operator"): (_l("Run by"), _l("Who runs it, as the source names it.")),
    ("service", "address"): (_l("Address"), _l("Street and number, as the source writes it.")),
    ("service", "postcode"): (
        _l("Postcode"),
        # I18N: keep NNNN-NNN and 1150-025 as they are.
        _l("A Portuguese postcode written NNNN-NNN, e.g. 1150-025.")),
    ("service", "municipality"): (_l("Municipality"), _l("As in the official list of municipalities, e.g. Faro.")),
    ("service", "district"): (_l("District or region"), _l(
        "The municipality's district, or Região Autónoma dos Açores / da Madeira.")),
    ("service", "coordinates"): (_l("Map position"), _l(
        "Only when the source gives it: latitude and longitude in Portugal.")),
    ("service", "coordinates.lat"): (_l("Latitude"), _l("Decimal degrees, e.g. 37.01.")),
    ("service", "coordinates.lon"): (_l("Longitude"), _l("Decimal degrees, e.g. -7.93.")),
    ("service", "phones"): (_l("Phones"), _l("Each number with an optional note, as the source gives them.")),
    ("service", "phones.number"): (_l("Phone number"), _l(
        "A Portuguese or international number, e.g. 289 000 000 or +351 289 000 000.")),
    ("service", "phones.note"): (_l("Phone note"), _l("Optional, as the source words it, e.g. landline.")),
    ("service", "email"): (_l("Email"), _l("One or more email addresses, e.g. name@example.pt.")),
    ("service", "website"): (_l("Website"), _l("Web addresses as the source writes them (https://… or www.…).")),
    ("service", "opening_hours"): (
        _l("Opening hours"),
        _l("When readers find it open, day by day; the portal tells them whether it is open now.")),
    ("service", "hours"): (_l("Hours as the source writes them"), _l(
        "The opening hours in the source's own words, per language.")),
    ("service", "closures"): (_l("Closures"), _l("Dated days off: from, to and an optional note each.")),
    ("service", "closures.from"): (_l("Closed from"), _DATE),
    ("service", "closures.to"): (_l("Closed until"), _l("A date written YYYY-MM-DD, not before the first day.")),
    ("service", "closures.note"): (_l("Closure note"), _OPTIONAL_MAP),
    ("service", "appointment"): (_l("Appointment"), _l("Whether readers need to book before they go.")),
    ("service", "booking"): (_l("How to book"), _OPTIONAL_MAP),
    ("service", "languages"): (_l("Languages spoken"), _l(
        "Language tags (BCP-47), e.g. pt, ar, en or zh-Hans.")),
    ("service", "languages_note"): (_l("Note on languages"), _l("Optional, e.g. list cut off in source.")),
    ("service", "topics"): (_l("Topics"), _l(
        "Ids of topics from topics.yaml that this point serves, e.g. residence.")),
    ("service", "services"): (_l("Services"), _l("What readers can do there, per language.")),
    ("service", "accessibility"): (_l("Accessibility"), _OPTIONAL_MAP),
    ("service", "how_to_get_there"): (_l("How to get there"), _OPTIONAL_MAP),
    ("service", "source"): (_l("Source"), _l("Where these details come from and how sure they are.")),
    ("service", "source.urls"): (_l("Source addresses"), _l("One or more web addresses, http:// or https://.")),
    ("service", "source.date"): (_l("Source date"), _l(
        "As the source dates it, e.g. 2026-01-10 (hours); address undated.")),
    ("service", "source.confidence"): (_l("Confidence"), None),
    ("service", "source.confirmed_by"): (_l("Confirmed by"), _l("Who confirmed the details (optional).")),
    ("service", "last_confirmed"): (_l("Last confirmed"), _l(
        "The oldest full date the source gives, YYYY-MM-DD; not in the future.")),

    # --- course programmes ------------------------------------------------------------
    ("programme", "title"): (_l("Title"), _TEXT_MAP),
    ("programme", "summary"): (_l("Summary"), _l("One sentence for lists, per language.")),
    ("programme", "description"): (_l("Description"), _l("The page's text in Markdown, per language.")),
    ("programme", "audience"): (_l("For"), None),
    ("programme", "kind"): (_l("Kind of course"), None),
    ("programme", "levels"): (_l("Levels"), _l("CEFR levels taught, from A1 to C2 (may be empty).")),
    ("programme", "code"): (_l("Official code"), _l("Optional: the official code of the course.")),
    ("programme", "hours"): (_l("Hours"), _l("Optional: the total hours, a whole number.")),
    ("programme", "hours_note"): (_l("How the hours add up"), _l(
        "Optional text per language: how the hours add up, and who says so.")),
    ("programme", "units"): (_l("Units"), _l("Optional: the official units, each with a code, hours and title.")),
    ("programme", "units.code"): (_l("Unit code"), _l("The official code of the unit.")),
    ("programme", "units.level"): (_l("Unit level"), None),
    ("programme", "units.hours"): (_l("Unit hours"), _l("A whole number.")),
    ("programme", "units.title"): (_l("Unit title"), _l("The official name; it stays in Portuguese.")),
    ("programme", "schedule_note"): (_l("Timetable"), _l("Optional text per language: the usual timetable.")),
    ("programme", "cost"): (_l("Cost"), _TEXT_MAP),
    ("programme", "free"): (_l("Free of charge"), None),
    ("programme", "eligibility"): (_l("Who can enrol"), _TEXT_MAP),
    ("programme", "certifies"): (_l("What it certifies"), _TEXT_MAP),
    ("programme", "accepted_for"): (_l("What the certificate is good for"), _TEXT_MAP),
    ("programme", "providers"): (_l("Who runs it"), _TEXT_MAP),
    ("programme", "how_to_enrol"): (_l("How to enrol"), _TEXT_MAP),
    ("programme", "please_check"): (_l("Please check"), _l(
        "Facts no source confirms, one per line, per language: readers see them under Please check.")),
    ("programme", "machine_translated"): (_l("Machine-translated languages"), _l(
        "Languages whose text is a machine translation: readers are told.")),
    ("programme", "guides"): (_l("Guides that count it"), _GUIDE_SLUGS),

    # --- course sessions --------------------------------------------------------------
    ("session", "programme"): (_l("Course programme"), _l("The id of a course programme, e.g. pla-a1-a2.")),
    ("session", "place"): (_l("Place"), _l(
        "The id of a service point in the directory, or online; leave empty when you give a provider.")),
    ("session", "provider"): (_l("Provider not in the directory"), _l(
        "Instead of a place: name, municipality and at least one of phone, email or web address.")),
    ("session", "provider.name"): (_l("Provider name"), None),
    ("session", "provider.municipality"): (_l("Provider municipality"), _l(
        "As in the official list, e.g. Lisboa.")),
    ("session", "provider.district"): (_l("Provider district"), _l(
        "Only where two municipalities share a name.")),
    ("session", "provider.address"): (_l("Provider address"), _l("Not for online sessions.")),
    ("session", "provider.phone"): (_l("Provider phone"), _PHONE),
    ("session", "provider.email"): (_l("Provider email"), None),
    ("session", "provider.url"): (_l("Provider web address"), _HTTPS),
    ("session", "format"): (_l("Format"), None),
    ("session", "language"): (_l("Language of instruction"), None),
    ("session", "levels"): (_l("Levels"), _l("Optional: the programme's levels this session covers.")),
    ("session", "start"): (_l("First day"), _DATE),
    ("session", "end"): (_l("Last day"), _l("A date written YYYY-MM-DD, at most two years after the first day.")),
    ("session", "schedule"): (_l("Weekly timetable"), _l(
        "A day, start and end for each weekly class; or give dated meetings instead.")),
    ("session", "schedule.day"): (_l("Day of the week"), None),
    ("session", "schedule.start"): (_l("Starts at"), _CLOCK),
    ("session", "schedule.end"): (_l("Ends at"), _CLOCK),
    ("session", "meetings"): (_l("Dated meetings"), _l(
        "A date, start and end for each meeting; instead of a weekly timetable.")),
    ("session", "meetings.date"): (_l("Meeting date"), _l("A date written YYYY-MM-DD, within the session's dates.")),
    ("session", "meetings.start"): (_l("Starts at"), _CLOCK),
    ("session", "meetings.end"): (_l("Ends at"), _CLOCK),
    ("session", "breaks"): (_l("Breaks"), _l("Periods without classes: from and to, each a date.")),
    ("session", "breaks.from"): (_l("Break from"), _DATE),
    ("session", "breaks.to"): (_l("Break until"), _DATE),
    ("session", "skip_holidays"): (_l("No classes on national public holidays"), None),
    ("session", "seats"): (_l("Seats"), _l("Optional: a whole number.")),
    ("session", "enrol_by"): (_l("Enrol by"), _l("Optional: a date written YYYY-MM-DD, not after the first day.")),
    ("session", "enrol"): (_l("Where to enrol"), _l("Optional: a web address, phone or email for enrolling.")),
    ("session", "enrol.url"): (_l("Enrolment web address"), _HTTPS),
    ("session", "enrol.phone"): (_l("Enrolment phone"), _PHONE),
    ("session", "enrol.email"): (_l("Enrolment email"), None),
    ("session", "published_by"): (_l("Published by"), _l("Who publishes this session, e.g. the school's name.")),
    ("session", "published_on"): (_l("Published on"), _DATE),
}


class _LanguageNames(Mapping):
    """The site's languages by code, named in the editor's interface
    language (from CLDR, through Babel)."""

    def __getitem__(self, code: str) -> str:
        if code not in LANGUAGES:
            raise KeyError(code)
        return language_name(code)

    def __iter__(self):
        return iter(LANGUAGES)

    def __len__(self) -> int:
        return len(LANGUAGES)


LANGUAGE_NAMES = _LanguageNames()


class _WeekdayNames(Mapping):
    """``mon`` … ``sun`` as the interface language writes the days (CLDR)."""

    def __getitem__(self, day: str) -> str:
        from babel.dates import get_day_names

        if day not in WEEKDAYS:
            raise KeyError(day)
        return get_day_names("wide", locale=_locale())[WEEKDAYS.index(day)]

    def __iter__(self):
        return iter(WEEKDAYS)

    def __len__(self) -> int:
        return len(WEEKDAYS)


WEEKDAY_NAMES = _WeekdayNames()

# CEFR levels, as the Council of Europe names them.
LEVELS = {
    "A1": _l("A1 (beginner)"),
    "A2": _l("A2 (elementary)"),
    "B1": _l("B1 (intermediate)"),
    "B2": _l("B2 (upper intermediate)"),
    "C1": _l("C1 (advanced)"),
    "C2": _l("C2 (proficient)"),
}
METHODS = {
    "human": _l("By a person"),
    "machine": _l("Drafted by machine"),
    "machine-reviewed": _l("Machine, reviewed by a person"),
}

# (kind or "*", dotted path) -> {value: label}
CHOICES: dict[tuple[str, str], Mapping] = {
    ("*", "translation"): METHODS,
    ("guide", "where_to_go"): PLACE_TYPES,
    ("service", "kind"): POINT_KIND_LABELS,
    ("service", "appointment"): {
        "required": _l("needed"),
        "optional": _l("possible, not needed"),
        "none": _l("not needed"),
    },
    ("service", "source.confidence"): {
        "sourced": _l("Sourced: the details come from the source"),
        "partial": _l("Partial: some details are not confirmed by the source"),
    },
    ("programme", "audience"): COURSE_AUDIENCES,
    ("programme", "kind"): COURSE_KINDS,
    ("programme", "free"): COURSE_FREE,
    ("programme", "levels"): LEVELS,
    ("programme", "units.level"): LEVELS,
    ("programme", "machine_translated"): LANGUAGE_NAMES,
    ("session", "format"): COURSE_FORMATS,
    ("session", "language"): LANGUAGE_NAMES,
    ("session", "levels"): LEVELS,
    ("session", "schedule.day"): WEEKDAY_NAMES,
}


def _entry(table: dict, kind: str, path: str):
    found = table.get((kind, path))
    return found if found is not None else table.get(("*", path))


def label(kind: str, path: str) -> str:
    """The field's label; a field without an entry shows its own name, tidied."""
    found = _entry(FIELDS, kind, path)
    if found is not None:
        return str(found[0])
    return path.rsplit(".", 1)[-1].replace("_", " ").capitalize()


def hint(kind: str, path: str) -> str | None:
    found = _entry(FIELDS, kind, path)
    return str(found[1]) if found is not None and found[1] else None


def choice_label(kind: str, path: str, value) -> str:
    """The label of ``value`` of a closed choice; the value itself when the
    choice or the value has none."""
    table = _entry(CHOICES, kind, path)
    if table is not None and value in table:
        return str(table[value])
    return str(value)


def _locale():
    """The interface language's Babel locale (English outside a request)."""
    from babel import Locale
    from flask_babel import get_locale

    try:
        return get_locale() or Locale("en")
    except RuntimeError:
        return Locale("en")


def language_name(code: str) -> str:
    """A site language's name in the current interface language."""
    from babel import Locale, UnknownLocaleError

    try:
        name = Locale.parse(LANGUAGES[code].tag.replace("-", "_")).get_display_name(_locale())
    except (UnknownLocaleError, ValueError):
        name = None
    return name or LANGUAGES[code].native_name


PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def describe(kind: str, problem_path: str) -> str:
    """A path as a checker or a diff writes it, for people:
    ``phones[0].number`` → "Phones (1) › Phone number", ``name.en`` →
    "Name › English"."""
    out: list[str] = []
    dotted: list[str] = []
    for name, index in PART.findall(problem_path or ""):
        if index:
            if out:
                out[-1] = f"{out[-1]} ({int(index) + 1})"
            continue
        known = _entry(FIELDS, kind, ".".join(dotted + [name])) is not None
        if dotted and name in LANGUAGES and not known:
            out.append(language_name(name))
            continue
        if dotted and name in ("key", "value") and not known:
            continue  # marshmallow's part of a per-language map's entry
        dotted.append(name)
        out.append(label(kind, ".".join(dotted)))
    return " › ".join(out) if out else (problem_path or "")
