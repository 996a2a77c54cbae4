"""The editors' checks, run by the loader once every kind is loaded, so
``flask content check`` and ``flask content publish`` both report them.

Plain-language checks (:mod:`.plain`) look at one file; consistency checks
(:mod:`.consistency`) compare a translation with its Portuguese source.
Every finding is a warning with ``path:line``; ``--strict`` makes them
errors. Findings are cached by the files' content hashes (in memory, and in
a JSON file between runs when the caller names one), so a run only looks at
changed files, and unchanged files still report their warnings.
"""
from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path

from ..i18n import SOURCE_LANGUAGE
from . import consistency, plain

DEFAULT_MAX_AGE_DAYS = 183  # about six months
RULES = "plain-language"  # Problem.rule of every finding made here

_cache: dict[tuple, list[tuple[int, str, str]]] = {}
CACHE_LIMIT = 100_000


CACHE_VERSION = "1"  # change when a rule changes, so old findings are not reused


def run(content, max_age_days: int = DEFAULT_MAX_AGE_DAYS, today: date | None = None,
        cache_file: Path | None = None) -> None:
    """Append every finding to ``content.problems`` as warnings."""
    today = today or date.today()
    previous = _read_cache(cache_file)
    used: dict = {}
    _findings(content, max_age_days, today, _Store(previous, used))
    if cache_file is not None and used.keys() != previous.keys():
        _write_cache(cache_file, used)


def _findings(content, max_age_days: int, today: date, stored: dict) -> None:
    from .loader import Problem

    acronyms = _glossary_acronyms(content)
    kept = _kept_terms(content)
    for kind, items in content.items.items():
        for _slug, files in sorted(items.items()):
            source = files[SOURCE_LANGUAGE]
            for _lang, item_file in sorted(files.items()):
                findings = _cached(("plain", kind, item_file.path, item_file.file_hash, acronyms),
                                   lambda f=item_file, k=kind: plain.check_file(f, k, acronyms, _units(f)), stored)
                if not item_file.is_source:
                    findings = findings + _cached(
                        ("consistency", kind, item_file.path, item_file.file_hash,
                         source.file_hash, kept if kind == "guide" else ()),
                        lambda f=item_file, s=source, k=kind: _compare(s, f, kept if k == "guide" else ()),
                        stored)
                old = plain.too_old(item_file, max_age_days, today)
                if old:
                    findings = findings + [old]
                for line, name, message in findings:
                    content.problems.append(Problem(item_file.path, line, name, message,
                                                    warning=True, rule=RULES))


def _cached(key: tuple, work, stored: dict) -> list[tuple[int, str, str]]:
    """Findings from memory, then from the file cache, else worked out;
    whatever is used goes back into ``stored`` for the next run."""
    name = hashlib.sha256(repr(key).encode()).hexdigest()[:24]
    found = _cache.get(key)
    if found is None:
        found = stored.get(name)
        found = work() if found is None else [tuple(item) for item in found]
        if len(_cache) > CACHE_LIMIT:
            _cache.clear()
        _cache[key] = found
    stored[name] = found
    return found


class _Store(dict):
    """Reads from the previous run's findings, records what this run uses."""

    def __init__(self, previous: dict, used: dict):
        super().__init__()
        self.previous, self.used = previous, used

    def get(self, name, default=None):
        return self.previous.get(name, default)

    def __setitem__(self, name, value):
        self.used[name] = value


def _read_cache(path: Path | None) -> dict:
    if path is None or not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data.get("findings", {}) if data.get("version") == CACHE_VERSION else {}


def _write_cache(path: Path, stored: dict) -> None:
    """Write what this run used (``stored`` holds only that), so the file
    does not grow forever."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps({"version": CACHE_VERSION, "findings": stored},
                                   ensure_ascii=False), encoding="utf-8")
    except OSError:
        pass  # a cache that cannot be written only makes the next run slower


def _compare(source, translation, kept: tuple) -> list[tuple[int, str, str]]:
    source_units = _units(source)
    units = _units(translation)
    lines = [unit.line for unit in units]
    found = consistency.missing_facts(consistency.facts(source_units), consistency.facts(units), lines)
    return found + consistency.kept_names(list(kept), source_units, units, lines)


def _units(item_file):
    """A file's units, worked out once per content hash."""
    key = ("units", item_file.path, item_file.file_hash)
    units = _cache.get(key)
    if units is None:
        units = _cache[key] = plain.file_units(item_file)
    return units


def _glossary_acronyms(content) -> tuple[str, ...]:
    """Every word of a glossary term or ``also`` form written in capitals:
    readers can look those up."""
    words = set()
    for files in content.items.get("glossary", {}).values():
        data = files[SOURCE_LANGUAGE].data
        for form in [data["term"], *data.get("also", [])]:
            words.update(match.group(0) for match in plain.ACRONYM.finditer(form))
    return tuple(sorted(words))  # sorted: part of a cache key that must not vary between runs


def _kept_terms(content) -> tuple:
    """(slug, (term, *also)) of every term kept in Portuguese."""
    kept = []
    for slug, files in sorted(content.items.get("glossary", {}).items()):
        data = files[SOURCE_LANGUAGE].data
        if data.get("keep_portuguese"):
            kept.append((slug, tuple([data["term"], *data.get("also", [])])))
    return tuple(kept)
