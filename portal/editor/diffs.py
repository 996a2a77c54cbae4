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
    """Which fields changed, each with its word diff. Lists of items
    (phones, closures, sources) are matched item by item, so one phone added
    in front shows as one added item, not as every phone changed."""
    a, b = flatten(old or {}), flatten(new or {})
    out = []
    for name, before, after in _changed_leaves(old or {}, new or {}, ""):
        out.append(FieldChange(name, before, after, tuple(word_diff(before or "", after or ""))))
    if not out and a != b:  # never hide a change the matching did not name
        for name in list(a) + [name for name in b if name not in a]:
            if a.get(name) != b.get(name):
                out.append(FieldChange(name, a.get(name), b.get(name),
                                       tuple(word_diff(a.get(name) or "", b.get(name) or ""))))
    return out


def _key(value) -> str:
    import json

    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)


def _changed_leaves(old, new, prefix: str):
    """``(dotted path, old, new)`` of every changed leaf; ``None``: absent."""
    if isinstance(old, dict) and isinstance(new, dict):
        for key in list(old) + [key for key in new if key not in old]:
            path = f"{prefix}.{key}" if prefix else str(key)
            if key not in new:
                yield from _leaves(old[key], path, removed=True)
            elif key not in old:
                yield from _leaves(new[key], path, removed=False)
            else:
                yield from _changed_leaves(old[key], new[key], path)
        return
    if isinstance(old, list) and isinstance(new, list) and (old or new):
        matcher = difflib.SequenceMatcher(None, [_key(x) for x in old], [_key(x) for x in new],
                                          autojunk=False)
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            if op == "equal":
                continue
            paired = min(i2 - i1, j2 - j1) if op == "replace" else 0
            for k in range(paired):  # the same position, edited: which of its fields changed
                yield from _changed_leaves(old[i1 + k], new[j1 + k], f"{prefix}[{j1 + k}]")
            for i in range(i1 + paired, i2):
                yield from _leaves(old[i], f"{prefix}[{i}]", removed=True)
            for j in range(j1 + paired, j2):
                yield from _leaves(new[j], f"{prefix}[{j}]", removed=False)
        return
    a, b = flatten(old, prefix), flatten(new, prefix)
    for name in list(a) + [name for name in b if name not in a]:
        if a.get(name) != b.get(name):
            yield name, a.get(name), b.get(name)


def _leaves(value, prefix: str, *, removed: bool):
    for name, text in flatten(value, prefix).items():
        yield (name, text, None) if removed else (name, None, text)


def unified(old: str, new: str, old_name: str, new_name: str) -> str:
    """A line diff for the command line."""
    return "".join(difflib.unified_diff(
        (old or "").splitlines(keepends=True), (new or "").splitlines(keepends=True),
        fromfile=old_name, tofile=new_name))
