"""Deterministic readings of the source's own words: opening hours written
as "Mon-Fri 08:30-19:30; Sat 08:30-14:00" become OpenStreetMap syntax, and
language names become BCP-47 tags. Anything that does not match a known
pattern exactly is left alone (no hours, the words kept as a note): nothing
is guessed."""
from __future__ import annotations

import re

DAY_WORDS = [
    (r"mon-fri|weekdays|business days|working days|daily \(working days\)", "Mo-Fr"),
    (r"mon and fri", "Mo,Fr"),
    (r"mondays and tuesdays", "Mo,Tu"),
    (r"mondays and thursdays", "Mo,Th"),
    (r"mondays", "Mo"),
    (r"tuesdays", "Tu"),
    (r"wednesdays", "We"),
    (r"thursdays", "Th"),
    (r"fridays", "Fr"),
    (r"sat", "Sa"),
    (r"sun", "Su"),
]
SPAN = r"\d{2}:\d{2}-\d{2}:\d{2}"
SEGMENT = re.compile(rf"^(?P<days>[a-z ()-]+?)\s+(?P<times>{SPAN}(?:\s*(?:and|,)\s*{SPAN})*)$")
WORKING_DAYS = re.compile(r"business days|working days|closed sat, sun, holidays", re.I)


def opening_hours(text: str | None) -> str | None:
    """OSM ``opening_hours`` for hours written in one of the plain patterns,
    else ``None``."""
    if not text:
        return None
    lowered = text.strip().lower()
    if re.search(r"lunch break|later article|by appointment|every day except", lowered):
        return None
    if re.fullmatch(r"24 hours(, 365 days)?", lowered):
        return "24/7"
    main = re.sub(r"\((working days|continuous|closed sat, sun, holidays)\)", "", lowered)
    main = main.split("(")[0].strip().rstrip(";").strip()
    rules = []
    for segment in main.split(";"):
        match = SEGMENT.match(segment.strip())
        if not match:
            return None
        days = _days(match.group("days").strip())
        if days is None:
            return None
        times = re.findall(SPAN, match.group("times"))
        rules.append(f"{days} {','.join(times)}")
    if not rules:
        return None
    if WORKING_DAYS.search(text):
        rules.append("PH off")
    return "; ".join(rules)


def _days(words: str) -> str | None:
    words = words.replace("(working days)", "").strip()
    for pattern, days in DAY_WORDS:
        if re.fullmatch(pattern, words):
            return days
    return None


# Language names as the sources write them (Portuguese or English) -> BCP-47.
LANGUAGE_TAGS = {
    "português": "pt", "alemão": "de", "árabe": "ar", "bangla": "bn", "bengali": "bn",
    "bielorusso": "be", "crioulo da guiné-bissau": "pov", "crioulo de cabo verde": "kea",
    "espanhol": "es", "francês": "fr", "fula": "ff", "gujarati": "gu", "hindi": "hi",
    "inglês": "en", "italiano": "it", "mandarim": "zh", "mandinga": "mnk", "russo": "ru",
    "moldavo": "ro-MD", "romeno": "ro", "ucraniano": "uk", "urdu": "ur", "nepali": "ne",
    "nepalês": "ne", "chinês": "zh", "wolof": "wo",
}
TAG = re.compile(r"^[a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|\d{3}))?$")


def language_tags(text: str | None) -> tuple[list[str], str | None, list[str]]:
    """(tags, note, unknown names): "português; árabe; (list cut off in
    source)" -> (["pt", "ar"], "list cut off in source", [])."""
    from .spreadsheet import _split

    tags, notes, unknown = [], [], []
    for part in _split(text or ""):
        aside = re.match(r"^(.+?)\s*\((.+)\)$", part)
        if aside and not part.startswith("("):
            part = aside.group(1).strip()
            notes.append(aside.group(2))
        if part.startswith("(") and part.endswith(")"):
            notes.append(part[1:-1])
        elif TAG.match(part):
            tags.append(part)
        elif part.casefold() in LANGUAGE_TAGS:
            tags.append(LANGUAGE_TAGS[part.casefold()])
        else:
            unknown.append(part)
    return list(dict.fromkeys(tags)), "; ".join(notes) or None, unknown


# Guide topics a point serves, read from the words of its services column.
TOPIC_WORDS = {
    "residence": r"\baima\b|residence|ex-sef|\bsef\b|family reunification|nationality",
    "work": r"\bact\b|job|employment|iefp|gaipesq|qualification",
    "health": r"health|\bsns\b",
    "education": r"education|school",
    "protection": r"victim|\bgav\b|violence|trafficking|\bgaj\b|legal",
    "money": r"segurança social|social security|finanças|\btax\b|\bgasi\b|social",
    "first-steps": r"one-stop|citizen|\bnif\b",
}


def topics(services: str | None) -> list[str]:
    text = (services or "").lower()
    return [topic for topic, pattern in TOPIC_WORDS.items() if re.search(pattern, text)]
