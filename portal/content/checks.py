"""The editors' checks, run by the loader once every kind is loaded, so
``flask content check`` and ``flask content publish`` both report them.

Plain-language checks (:mod:`.plain`) look at one file; consistency checks
(:mod:`.consistency`) compare a translation with its Portuguese source.
Every finding is a warning with ``path:line``; ``--strict`` makes them
errors. Findings are cached by the files' content hashes, so a second run
in the same process (check, then publish) only looks at changed files, and
unchanged files still report their warnings.
"""
from __future__ import annotations

from datetime import date

from ..i18n import SOURCE_LANGUAGE
from . import consistency, plain

DEFAULT_MAX_AGE_DAYS = 183  # about six months
RULES = "plain-language"  # Problem.rule of every finding made here

_cache: dict[tuple, list[tuple[int, str, str]]] = {}
CACHE_LIMIT = 100_000


def run(content, max_age_days: int = DEFAULT_MAX_AGE_DAYS, today: date | None = None) -> None:
    """Append every finding to ``content.problems`` as warnings."""
    from .loader import Problem

    today = today or date.today()
    acronyms = _glossary_acronyms(content)
    kept = _kept_terms(content)
    for kind, items in content.items.items():
        for slug, files in sorted(items.items()):
            source = files[SOURCE_LANGUAGE]
            for lang, item_file in sorted(files.items()):
                findings = _cached(("plain", kind, item_file.path, item_file.content_hash, acronyms),
                                   lambda: plain.check_file(item_file, kind, acronyms, _units(item_file)))
                if not item_file.is_source:
                    findings = findings + _cached(
                        ("consistency", kind, item_file.path, item_file.content_hash,
                         source.content_hash, kept if kind == "guide" else ()),
                        lambda: _compare(source, item_file, kept if kind == "guide" else ()))
                old = plain.too_old(item_file, max_age_days, today)
                if old:
                    findings = findings + [old]
                for line, name, message in findings:
                    content.problems.append(Problem(item_file.path, line, name, message,
                                                    warning=True, rule=RULES))


def _cached(key: tuple, work) -> list[tuple[int, str, str]]:
    found = _cache.get(key)
    if found is None:
        if len(_cache) > CACHE_LIMIT:
            _cache.clear()
        found = _cache[key] = work()
    return found


def _compare(source, translation, kept: tuple) -> list[tuple[int, str, str]]:
    source_units = _units(source)
    units = _units(translation)
    lines = [unit.line for unit in units]
    found = consistency.missing_facts(consistency.facts(source_units), consistency.facts(units), lines)
    return found + consistency.kept_names(list(kept), source_units, units, lines)


def _units(item_file):
    """A file's units, worked out once per content hash."""
    key = ("units", item_file.path, item_file.content_hash)
    units = _cache.get(key)
    if units is None:
        units = _cache[key] = plain.file_units(item_file)
    return units


def _glossary_acronyms(content) -> frozenset[str]:
    """Every word of a glossary term or ``also`` form written in capitals:
    readers can look those up."""
    words = set()
    for files in content.items.get("glossary", {}).values():
        data = files[SOURCE_LANGUAGE].data
        for form in [data["term"], *data.get("also", [])]:
            words.update(match.group(0) for match in plain.ACRONYM.finditer(form))
    return frozenset(words)


def _kept_terms(content) -> tuple:
    """(slug, (term, *also)) of every term kept in Portuguese."""
    kept = []
    for slug, files in sorted(content.items.get("glossary", {}).items()):
        data = files[SOURCE_LANGUAGE].data
        if data.get("keep_portuguese"):
            kept.append((slug, tuple([data["term"], *data.get("also", [])])))
    return tuple(kept)
