"""Plain-language checks on one file: long sentences and paragraphs,
unexplained acronyms, phone numbers not in international format, guides
without cost or time (sources are required by the schema), and old "last checked" dates.

Readers are often in a hurry, reading a second or third language on a small
phone: these are the habits that make a guide hard to act on. Every finding
is a warning (``docs/editors.md``, "Plain-language and consistency checks").
"""
from __future__ import annotations

import re
from datetime import date, timedelta

from .text_units import Unit, ascii_digits, body_units, sentences, text_unit, word_count

MAX_WORDS = 25
MAX_SENTENCES = 5
# Latin capitals, not inside a longer Latin word; Chinese may write them
# straight after Han characters.
ACRONYM = re.compile(r"(?<![A-Za-zÀ-ÿ0-9_-])[A-ZÁÉÍÓÚÂÊÔÃÕÇ]{2,}(?![A-Za-zÀ-ÿ0-9_-])")
ROMAN = re.compile(r"^[IVXLCDM]+$")
DEFINED = re.compile(r"\s*[–—:-]\s*\S+\s+\S+")
PARENS = re.compile(r"\(([^()]*)\)")
TEL_PT = re.compile(r"^tel:\+351(\d{9})$")
GROUPED = re.compile(r"^\+351(?: \d{2,3}){3,4}$")
# A run of digits, possibly grouped by spaces: a candidate phone number.
PHONE_RUN = re.compile(r"(\+351[ \u00a0]?)?(?<![\d,.])\d[\d \u00a0]{7,13}\d(?![\d,.])")
FRONT_FIELDS = ("title", "summary", "cost", "duration")


def file_units(item_file) -> list[Unit]:
    """Front-matter text fields, then the body's blocks."""
    units = []
    for name in FRONT_FIELDS:
        value = item_file.data.get(name)
        if isinstance(value, str) and value.strip():
            units.append(text_unit(value, item_file.lines.get(name, 2), name))
    return units + body_units(item_file.body, item_file.body_line)


def check_file(item_file, kind: str, known_acronyms: tuple[str, ...], units=None) -> list[tuple[int, str, str]]:
    """(line, field, message) findings of one file."""
    units = file_units(item_file) if units is None else units
    found = []
    for unit in units:
        found += _length(unit, item_file.lang)
        found += _phones(unit)
    found += _acronyms(units, item_file.lang, known_acronyms)
    if kind == "guide":
        found += _guide_facts(item_file)
    return found


def _length(unit: Unit, lang: str) -> list[tuple[int, str, str]]:
    if unit.field == "title":
        return []
    found = []
    said = sentences(lang, unit.text)
    for sentence in said:
        words = word_count(sentence)
        if words > MAX_WORDS:
            found.append((unit.line, unit.field,
                          f"sentence of {words} words (over {MAX_WORDS}): split it: "
                          f"\u201c{_start(sentence)}\u201d"))
    if len(said) > MAX_SENTENCES:
        found.append((unit.line, unit.field,
                      f"paragraph of {len(said)} sentences (over {MAX_SENTENCES}): split it or make a list"))
    return found


def _start(sentence: str) -> str:
    return sentence if len(sentence) <= 40 else sentence[:40].rstrip() + "…"


def _acronyms(units: list[Unit], lang: str, known: tuple[str, ...]) -> list[tuple[int, str, str]]:
    """Each acronym once per file, judged at its first use."""
    seen: set[str] = set()
    found = []
    for unit in units:
        for sentence in sentences(lang, unit.text):
            for match in ACRONYM.finditer(sentence):
                word = match.group(0)
                if word in seen or word in known or ROMAN.match(word):
                    continue
                seen.add(word)
                if not explained(word, sentence, match.start(), match.end()):
                    found.append((unit.line, unit.field,
                                  f"acronym {word} is not in the glossary and not explained at first use: "
                                  f"write what it stands for in parentheses, e.g. \u201c{word} (...)\u201d"))
    return found


def explained(word: str, sentence: str, start: int, end: int) -> bool:
    """``Long name (ACR)``, ``ACR (long name)``, ``(long name) ACR`` or
    ``ACR – long name`` / ``ACR: long name`` in the same sentence."""
    if DEFINED.match(sentence, end):
        return True
    for group in PARENS.finditer(sentence):
        inside = group.group(1)
        if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", inside) and group.start() > 0:
            return True
        if len(inside.split()) >= 2 or len(inside) >= 6:
            between_after = sentence[end:group.start()]
            between_before = sentence[group.end():start]
            if group.start() >= end and not between_after.strip():
                return True
            if group.end() <= start and not between_before.strip():
                return True
    return False


def _phones(unit: Unit) -> list[tuple[int, str, str]]:
    """``tel:+351`` links must show ``+351 ...`` grouped; 9-digit Portuguese
    numbers in text must be linked and written with +351."""
    found = []
    linked = []
    for href, text, start, end in unit.links:
        if not href.startswith("tel:"):
            continue
        linked.append((start, end))
        if TEL_PT.match(href) and not GROUPED.match(ascii_digits(text).strip()):
            found.append((unit.line, unit.field,
                          f"phone link {text!r} ({href}): show it as dialled from any phone, "
                          f"e.g. {_grouped(href[8:])}"))
    digits_text = ascii_digits(unit.text)
    for match in PHONE_RUN.finditer(digits_text):
        digits = re.sub(r"\D", "", match.group(0))
        national = digits[3:] if match.group(1) else digits
        if len(national) != 9 or national[0] not in "2789":
            continue
        if any(start <= match.start() < end for start, end in linked):
            continue
        if unit.field != "body":
            # Front matter is plain text: no link is possible there, so the
            # international form is all that is asked.
            if not match.group(1):
                found.append((unit.line, unit.field,
                              f"phone number {match.group(0).strip()!r}: write it as {_grouped(national)}"))
            continue
        found.append((unit.line, unit.field,
                      f"phone number {match.group(0).strip()!r}: write it as {_grouped(national)} "
                      f"and link it: [{_grouped(national)}](tel:+351{national})"))
    return found


def _grouped(national: str) -> str:
    return f"+351 {national[:3]} {national[3:6]} {national[6:]}"


def _guide_facts(item_file) -> list[tuple[int, str, str]]:
    """Cost and time with no words in them ("-", "?", " "). A guide without
    sources is already refused by the schema."""
    found = []
    for name, what in (("cost", "what it costs"), ("duration", "how long it takes")):
        if not re.sub(r"[\W_]+", "", str(item_file.data.get(name, ""))):
            found.append((item_file.lines.get(name, 2), name, f"says nothing: say {what}, even if it varies"))
    return found


def too_old(item_file, max_age_days: int, today: date) -> tuple[int, str, str] | None:
    """The source's ``last_checked`` date, when older than ``max_age_days``."""
    checked = item_file.data.get("last_checked")
    if not item_file.is_source or checked is None or max_age_days <= 0:
        return None
    if today - checked > timedelta(days=max_age_days):
        return (item_file.lines.get("last_checked", 2), "last_checked",
                f"last checked {checked.isoformat()}, over {max_age_days} days ago: check the facts "
                "against the sources again and update the date")
    return None
