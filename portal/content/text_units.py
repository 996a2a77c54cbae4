"""Markdown as plain-text units for the editors' checks.

A unit is what a reader meets as one block: a paragraph, a list item, a
table cell, or a front-matter field such as the summary. Headings are left
out. Markdown syntax is stripped (a link becomes its visible text, emphasis
and code marks go), and each unit keeps its line in the file and the links
it holds, so checks can point at ``path:line`` and compare links.
"""
from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

import sentencex
from markdown_it import MarkdownIt

_md = MarkdownIt("commonmark", {"html": True}).enable("table")

# Han, kana and Hangul: scripts written without spaces between words.
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
# Every decimal digit (Eastern Arabic, Devanagari, Bengali, full width...) as 0-9.
_DIGITS = {cp: str(unicodedata.decimal(chr(cp))) for cp in range(0x80, 0x10000)
           if unicodedata.category(chr(cp)) == "Nd"}
# sentencex knows these codes; others fall back to English rules.
SEGMENTER_LANG = {"zh": "zh", "ne": "ne", "bn": "bn", "hi": "hi", "ur": "ur", "ar": "ar"}


@dataclass
class Unit:
    line: int
    text: str
    links: list[tuple[str, str, int, int]] = field(default_factory=list)  # (href, text, start, end)
    field: str = "body"


def ascii_digits(text: str) -> str:
    """The same number whatever digits a translation writes it in."""
    return text.translate(_DIGITS)


def body_units(body: str, line_offset: int) -> list[Unit]:
    """Paragraphs, list items and table cells of ``body``, headings excluded."""
    units: list[Unit] = []
    last_line = line_offset + 1
    in_heading = False
    for token in _md.parse(body):
        if token.map:
            last_line = token.map[0] + line_offset + 1
        if token.type == "heading_open":
            in_heading = True
        elif token.type == "heading_close":
            in_heading = False
        elif token.type == "inline" and not in_heading:
            unit = _inline_unit(token, last_line)
            if unit.text.strip():
                units.append(unit)
    return units


def text_unit(text: str, line: int, name: str) -> Unit:
    """A front-matter field (summary, cost...) as a unit, its inline Markdown stripped."""
    tokens = _md.parseInline(text)
    unit = _inline_unit(tokens[0], line) if tokens else Unit(line, text)
    unit.field = name
    return unit


def _inline_unit(token, line: int) -> Unit:
    parts: list[str] = []
    links = []
    open_link = None
    size = 0
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            piece = child.content
        elif child.type in ("softbreak", "hardbreak"):
            piece = " "
        elif child.type == "image":
            piece = child.content
        elif child.type == "link_open":
            open_link = (child.attrGet("href") or "", size)
            continue
        elif child.type == "link_close" and open_link:
            href, start = open_link
            links.append((href, "".join(parts)[start:], start, size))
            open_link = None
            continue
        else:
            continue
        parts.append(piece)
        size += len(piece)
    return Unit(line, "".join(parts), links)


@lru_cache(maxsize=4096)
def sentences(lang: str, text: str) -> tuple[str, ...]:
    """Sentences of ``text`` by the rules of ``lang`` (। ۔ ؟ 。 and the rest)."""
    code = SEGMENTER_LANG.get(lang, lang)
    return tuple(s.strip() for s in sentencex.segment(code, text) if s.strip())


def word_count(sentence: str) -> int:
    """Words separated by spaces; in Chinese (no spaces) two characters count
    as one word, so the 25-word limit is about 50 characters."""
    count = 0
    for token in sentence.split():
        han = len(CJK.findall(token))
        if han:
            rest = CJK.sub("", token)
            count += math.ceil(han / 2) + (1 if any(c.isalnum() for c in rest) else 0)
        elif any(c.isalnum() for c in token):
            count += 1
    return count
