"""What editors read for each field of a content file: a label in their
interface language and, where the field needs it, a one-line hint.

Fields are named by kind and dotted path inside the file (``name``,
``phones.number``, ``source.urls``); a kind of ``"*"`` names a field every
kind shares. A field without an entry shows its own name, tidied, so a new
schema field is never left without a label.
"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l  # noqa: F401  (used by the entries below)

# (kind or "*", dotted path) -> (label, hint or None)
FIELDS: dict[tuple[str, str], tuple] = {}


def _entry(kind: str, path: str):
    return FIELDS.get((kind, path)) or FIELDS.get(("*", path))


def label(kind: str, path: str) -> str:
    found = _entry(kind, path)
    if found is not None:
        return str(found[0])
    return path.rsplit(".", 1)[-1].replace("_", " ").capitalize()


def hint(kind: str, path: str) -> str | None:
    found = _entry(kind, path)
    return str(found[1]) if found is not None and found[1] else None
