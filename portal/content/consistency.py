"""Consistency checks between a Portuguese source and its translations.

A translation that drops a number, a phone number, an address on the web or
a link to another guide or term can send a reader to the wrong place, or
nowhere. Office names kept in Portuguese in the glossary must stay in
Portuguese in translated guides, as readers see them on signs. Findings are
warnings on the translation file.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .text_units import Unit, ascii_digits

# Digits grouped by spaces, dots or commas (808 24 24 24, 1.000, 10,50) are
# one number; separators are dropped, so "1,000" and "1 000" match.
NUMBER = re.compile(r"\+?\d+(?:[ \u00a0.,]\d{2,3}(?!\d))*")
# "8:00", "8h00", "8 h": the hour is what must survive translation.
TIME = re.compile(r"(?<![\d.,])(\d{1,2}) ?[:hH] ?(\d{2})(?!\d)")
URL = re.compile(r"https?://[^\s)\]>\"'<，。、]+")


def facts(units: list[Unit]) -> dict[str, tuple[str, int, int]]:
    """What a reader acts on, each with how it reads, its first line and
    unit: ``number:808242424``, ``url:https://...``, ``link:guide:asylum``."""
    found: dict[str, tuple[str, int, int]] = {}

    def add(key, shown, line, index):
        found.setdefault(key, (shown, line, index))

    for index, unit in enumerate(units):
        if unit.field == "title":
            continue
        text = TIME.sub(_hour, ascii_digits(unit.text))
        for match in NUMBER.finditer(text):
            digits = re.sub(r"\D", "", match.group(0))
            if len(digits) > 1:  # one-digit numbers are often written as words
                add(f"number:{digits}", match.group(0).strip(), unit.line, index)
        for match in URL.finditer(text):
            add(f"url:{match.group(0).rstrip('.,;:')}", match.group(0), unit.line, index)
        for href, _text, _start, _end in unit.links:
            if href.startswith(("guide:", "glossary:")):
                add(f"link:{href.split('#')[0]}", href, unit.line, index)
            elif href.startswith(("http://", "https://")):
                add(f"url:{href}", href, unit.line, index)
            elif href.startswith("tel:"):
                add(f"number:{re.sub(r'[^0-9]', '', ascii_digits(href))}", href, unit.line, index)
    return found


def _hour(match) -> str:
    """``8:00`` as ``8``, ``8:30`` as ``830``."""
    hour, minutes = match.groups()
    return hour if minutes == "00" else hour + minutes


def missing_facts(source: dict, translation: dict, lines: list[int]) -> list[tuple[int, str, str]]:
    """(line, field, message) for each fact of the source the translation
    lacks, at the translation's block in the same position (``lines``)."""
    found = []
    for key, (shown, source_line, index) in source.items():
        if key in translation or _same_phone(key, translation):
            continue
        what = key.split(":", 1)[0]
        noun = {"number": "number", "url": "web address", "link": "link"}[what]
        found.append((at(lines, index), "body",
                      f"{noun} {shown!r} (pt.md line {source_line}) is missing from this translation"))
    return found


def _same_phone(key: str, translation: dict) -> bool:
    """``808 24 24 24`` and ``tel:+351808242424`` are the same phone."""
    if not key.startswith("number:"):
        return False
    digits = key[7:]
    if digits.startswith("351") and f"number:{digits[3:]}" in translation:
        return True
    return f"number:351{digits}" in translation


def at(lines: list[int], index: int) -> int:
    """The line of the block at ``index``, or the last block's."""
    return lines[min(index, len(lines) - 1)] if lines else 1


def kept_names(terms: list[tuple[str, list[str]]], source: list[Unit], translation: list[Unit],
               lines: list[int]) -> list[tuple[int, str, str]]:
    """Glossary names kept in Portuguese that the source uses and the
    translation drops. ``terms``: (slug, [term, *also]) of keep_portuguese entries."""
    found = []
    text = " ".join(unit.text for unit in translation).casefold()
    source_texts = [unit.text.casefold() for unit in source]
    whole_source = " ".join(source_texts)
    for slug, forms in terms:
        if not any(_has(form, whole_source) for form in forms):
            continue
        first = next(((i, form) for i, unit_text in enumerate(source_texts)
                      for form in forms if _has(form, unit_text)), None)
        if first and not any(_has(form, text) for form in forms):
            index, used = first
            found.append((at(lines, index), "body",
                          f"keep the Portuguese name {used!r} (glossary:{slug}) in this translation, "
                          "with the explanation next to it: readers see it on signs"))
    return found


def _has(form: str, text: str) -> bool:
    return _whole(form).search(text) is not None


@lru_cache(maxsize=1024)
def _whole(form: str) -> re.Pattern:
    """``form`` as a whole word, compiled once per run."""
    return re.compile(rf"(?<!\w){re.escape(form.casefold())}(?!\w)")
