"""Diffs for people: word by word for text, field by field for structured
data. Every piece is escaped here; templates mark the result safe."""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from markupsafe import Markup, escape

WORDS = re.compile(r"\s+|[^\s]+")


def words(text: str) -> list[str]:
    return WORDS.findall(text or "")


@dataclass(frozen=True)
class Piece:
    op: str  # "equal", "insert", "delete"
    text: str


def word_diff(old: str, new: str) -> list[Piece]:
    """``old`` → ``new`` as pieces of equal, deleted and inserted words."""
    a, b = words(old), words(new)
    out: list[Piece] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(Piece("equal", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(Piece("delete", "".join(a[i1:i2])))
        if j2 > j1:
            out.append(Piece("insert", "".join(b[j1:j2])))
    return out


def changed(pieces: list[Piece]) -> bool:
    return any(piece.op != "equal" for piece in pieces)


def html(pieces: list[Piece]) -> Markup:
    """``<del>``/``<ins>`` around the changes, everything escaped."""
    out = []
    for piece in pieces:
        text = escape(piece.text)
        if piece.op == "delete":
            out.append(Markup("<del>{}</del>").format(text))
        elif piece.op == "insert":
            out.append(Markup("<ins>{}</ins>").format(text))
        else:
            out.append(text)
    return Markup("").join(out)


def text_html(old: str, new: str) -> Markup:
    return html(word_diff(old, new))


def flatten(value, prefix: str = "") -> dict[str, str]:
    """Structured data as ``{"phones[0].number": "…"}`` leaves."""
    out: dict[str, str] = {}
    if isinstance(value, dict):
        for key, item in value.items():
            out.update(flatten(item, f"{prefix}.{key}" if prefix else str(key)))
    elif isinstance(value, list):
        if not value:
            out[prefix] = "[]"
        for index, item in enumerate(value):
            out.update(flatten(item, f"{prefix}[{index}]"))
    else:
        out[prefix] = "" if value is None else str(value)
    return out


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: str | None  # None: added
    new: str | None  # None: removed
    pieces: tuple[Piece, ...]


def field_diff(old: dict, new: dict) -> list[FieldChange]:
    """Which fields changed, each with its word diff."""
    a, b = flatten(old or {}), flatten(new or {})
    out = []
    for name in list(a) + [name for name in b if name not in a]:
        if a.get(name) != b.get(name):
            out.append(FieldChange(name, a.get(name), b.get(name),
                                   tuple(word_diff(a.get(name) or "", b.get(name) or ""))))
    return out


def unified(old: str, new: str, old_name: str, new_name: str) -> str:
    """A line diff for the command line."""
    return "".join(difflib.unified_diff(
        (old or "").splitlines(keepends=True), (new or "").splitlines(keepends=True),
        fromfile=old_name, tofile=new_name))
