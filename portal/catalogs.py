"""Interface catalog statistics, shared by ``flask i18n stats`` and the
public translation status page (read from the ``.po`` files, cached by their
modification time)."""
from __future__ import annotations

from pathlib import Path

from babel.messages.pofile import read_po

_cache: dict[Path, tuple[float, dict]] = {}


def po_path(translations_dir: Path, code: str) -> Path:
    return Path(translations_dir) / code / "LC_MESSAGES" / "messages.po"


def counts(path: Path, code: str) -> dict:
    """translated / fuzzy / untranslated entries of one catalog, with
    percentages of the total (a plural entry counts once, as translated only
    when every form is)."""
    try:
        mtime = path.stat().st_mtime
    except OSError:
        return {"total": 0, "translated": 0, "fuzzy": 0, "untranslated": 0, "percent": 0.0,
                "fuzzy_percent": 0.0, "untranslated_percent": 0.0}
    cached = _cache.get(path)
    if cached and cached[0] == mtime:
        return cached[1]
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=code)
    result = {"total": 0, "translated": 0, "fuzzy": 0, "untranslated": 0}
    for message in catalog:
        if not message.id:
            continue
        result["total"] += 1
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy:
            result["fuzzy"] += 1
        elif all(strings):
            result["translated"] += 1
        else:
            result["untranslated"] += 1
    total = result["total"] or 1
    for name in ("translated", "fuzzy", "untranslated"):
        key = "percent" if name == "translated" else f"{name}_percent"
        result[key] = round(100 * result[name] / total, 1)
    _cache[path] = (mtime, result)
    return result


def catalog_stats(translations_dir: Path, codes) -> dict[str, dict]:
    """{code: counts} for each language code that has a catalog."""
    return {code: counts(po_path(translations_dir, code), code) for code in codes}
