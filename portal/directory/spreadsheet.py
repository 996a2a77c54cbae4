"""The coordinators' spreadsheet: import (CSV or .xlsx) into
``content/services/<id>.yaml`` and export back, with the column layout of
the network's list (``id,kind,name,...,confidence``) as the reference.

Import validates every row before writing anything and reports problems as
``file:row: column: message``; it then writes only the records that
changed, keeping what the spreadsheet does not carry (translations, notes,
directions) from the existing files. Nothing is published: ``flask content
publish`` does that, all or nothing, like every other kind.
"""
from __future__ import annotations

import contextlib
import re
from datetime import date
from pathlib import Path

import yaml

from ..content.kinds import KINDS
from ..content.loader import Problem, parse_record
from ..content.sheets import ImportResult, SheetError, dump, read_records, read_table, write_table
from ..i18n import SOURCE_LANGUAGE
from . import sourced

COLUMNS = ("id", "kind", "name", "operator", "address", "postcode", "municipality", "district",
           "lat", "lon", "phone", "email", "website", "hours", "languages", "services",
           "source_url", "source_date", "confidence")
# Columns the directory adds to the network's layout; a sheet may leave them out.
OPTIONAL = ("opening_hours", "appointment", "topics", "last_confirmed", "confirmed_by")
KIND = KINDS["service"]

# Field of a record -> the column a coordinator sees it in.
FIELD_COLUMN = {
    "name": "name", "coordinates": "lat", "phones": "phone", "email": "email",
    "website": "website", "hours": "hours", "languages": "languages",
    "languages_note": "languages", "services": "services", "source.urls": "source_url",
    "source.date": "source_date", "source.confidence": "confidence",
    "source.confirmed_by": "confirmed_by", "source": "source_url",
}


def read_sheet(path: Path) -> list[dict[str, str]]:
    """Rows as {column: text}, each with its sheet row number in ``_row``."""
    return read_table(path, COLUMNS, OPTIONAL)


def _split(text: str, separator: str = ";") -> list[str]:
    """Split on ``separator`` outside parentheses."""
    parts, depth, current = [], 0, ""
    for char in text:
        depth += char == "("
        depth -= char == ")"
        if char == separator and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += char
    parts.append(current)
    return [part.strip() for part in parts if part.strip()]


PHONE = re.compile(r"\+?\d[\d ]*\d|\b\d{3}\b")


def phones(text: str) -> list[dict]:
    """"808 257 257 (landline); +351 218 106 191 (mobile)" -> entries."""
    out = []
    for part in _split(text):
        match = PHONE.search(part)
        if not match:
            out.append({"number": part})
            continue
        rest = (part[: match.start()] + part[match.end():]).strip()
        rest = rest[1:-1].strip() if rest.startswith("(") and rest.endswith(")") else rest
        out.append({"number": match.group(0).strip(), **({"note": rest} if rest else {})})
    return out


def _none(value: str) -> str | None:
    return value or None


def row_to_record(row: dict, existing: dict | None = None) -> dict:
    """A sheet row as a record (YAML data); fields the sheet does not carry
    come from ``existing``."""
    record = dict(existing or {})
    name = dict((existing or {}).get("name") or {})
    name[SOURCE_LANGUAGE] = row["name"]
    tags, note, unknown = sourced.language_tags(row["languages"])
    hours = dict((existing or {}).get("hours") or {})
    services = dict((existing or {}).get("services") or {})
    _set_text(hours, row["hours"])
    _set_text(services, row["services"])
    record.update({
        "id": row["id"], "kind": row["kind"], "name": name,
        "operator": _none(row["operator"]), "address": _none(row["address"]),
        "postcode": _none(row["postcode"]), "municipality": _none(row["municipality"]),
        "district": _none(row["district"]),
        "coordinates": _coordinates(row["lat"], row["lon"]),
        "phones": phones(row["phone"]),
        "email": _split(row["email"]), "website": _split(row["website"]),
        "hours": hours, "services": services,
        "languages": tags + unknown, "languages_note": note,
        "source": {
            "urls": [url.strip() for url in row["source_url"].split(" ; ") if url.strip()],
            "date": _none(row["source_date"]), "confidence": row["confidence"],
            "confirmed_by": _none(row.get("confirmed_by", "")) or ((existing or {}).get("source") or {}).get("confirmed_by"),
        },
    })
    opening = row.get("opening_hours") if "opening_hours" in row else None
    record["opening_hours"] = _none(opening) if opening is not None else (
        (existing or {}).get("opening_hours") if existing else sourced.opening_hours(row["hours"]))
    if "topics" in row:
        record["topics"] = [t.strip() for t in row["topics"].split(";") if t.strip()]
    elif not existing:
        record["topics"] = sourced.topics(row["services"])
    if "appointment" in row:
        record["appointment"] = _none(row["appointment"])
    elif not existing:
        record["appointment"] = _appointment(row["hours"])
    if "last_confirmed" in row:
        record["last_confirmed"] = _none(row["last_confirmed"])
    elif not existing:
        record["last_confirmed"] = _oldest_date(row["source_date"])
    record["source"] = {key: value for key, value in record["source"].items() if value is not None}
    if isinstance(record.get("last_confirmed"), str):
        with contextlib.suppress(ValueError):
            record["last_confirmed"] = date.fromisoformat(record["last_confirmed"])
    return {key: value for key, value in _ordered(record).items() if value not in (None, [], {})}


def _set_text(texts: dict, value: str) -> None:
    """The sheet's words are in the language the source wrote them in
    (English for hours and services in the network's list), kept as written."""
    if value:
        language = next(iter(texts), "en")
        texts.clear()
        texts[language] = value
    else:
        texts.clear()


def _appointment(hours: str) -> str | None:
    lowered = hours.lower()
    if "no appointment" in lowered:
        return "none"
    if "appointment" in lowered:
        return "required"
    return None


def _oldest_date(text: str) -> str | None:
    """The oldest full date (YYYY-MM-DD) the source's date column names: the
    details are at least that old. Months or years alone give none."""
    found = re.findall(r"\b(\d{4}-\d{2}-\d{2})\b", text or "")
    return min(found) if found else None


def _coordinates(lat: str, lon: str):
    if not lat and not lon:
        return None
    try:
        return {"lat": float(lat), "lon": float(lon)}
    except ValueError:
        return {"lat": lat, "lon": lon}  # the schema reports it


def _ordered(record: dict) -> dict:
    order = KIND.export_order[0]
    return {key: record[key] for key in order if key in record} | {
        key: value for key, value in record.items() if key not in order}


def record_to_row(record: dict) -> dict[str, str]:
    """A record as a sheet row (the reference layout plus the optional columns)."""
    coordinates = record.get("coordinates") or {}
    source = record.get("source") or {}
    languages = "; ".join(record.get("languages") or [])
    if record.get("languages_note"):
        languages = f"{languages}; ({record['languages_note']})" if languages else f"({record['languages_note']})"
    return {
        "id": record["id"], "kind": record["kind"],
        "name": (record.get("name") or {}).get(SOURCE_LANGUAGE, ""),
        "operator": record.get("operator") or "", "address": record.get("address") or "",
        "postcode": record.get("postcode") or "", "municipality": record.get("municipality") or "",
        "district": record.get("district") or "",
        "lat": _number(coordinates.get("lat")), "lon": _number(coordinates.get("lon")),
        "phone": "; ".join(p["number"] + (f" ({p['note']})" if p.get("note") else "")
                           for p in record.get("phones") or []),
        "email": "; ".join(record.get("email") or []), "website": "; ".join(record.get("website") or []),
        "hours": _text(record.get("hours")), "languages": languages,
        "services": _text(record.get("services")),
        "source_url": " ; ".join(source.get("urls") or []), "source_date": source.get("date") or "",
        "confidence": source.get("confidence") or "",
        "opening_hours": record.get("opening_hours") or "",
        "appointment": record.get("appointment") or "",
        "topics": "; ".join(record.get("topics") or []),
        "last_confirmed": str(record.get("last_confirmed") or ""),
        "confirmed_by": source.get("confirmed_by") or "",
    }


def _number(value) -> str:
    return "" if value is None else repr(float(value)) if not isinstance(value, str) else value


def _text(texts: dict | None) -> str:
    texts = texts or {}
    return texts.get(SOURCE_LANGUAGE) or next(iter(texts.values()), "")


def plan(sheet: Path, root: Path) -> ImportResult:
    """Validate the sheet against ``root`` (the content folder) and work out
    what would change; writes nothing."""
    result = ImportResult()
    try:
        rows = read_sheet(sheet)
    except SheetError as exc:
        result.problems = exc.problems
        return result
    folder = root / KIND.folder
    existing = read_records(folder)
    seen: dict[str, int] = {}
    topics = _topics(root)
    for row in rows:
        number = row["_row"]
        ident = row["id"]
        if ident in seen:
            result.problems.append(Problem(sheet.name, number, "id", f"duplicate id {ident!r}: also row {seen[ident]}"))
            continue
        seen[ident] = number
        record = row_to_record(row, existing.get(ident))
        found: list[Problem] = []
        parsed = parse_record(KIND, dump(record), "row", found)
        for problem in found:
            column = _column(problem.field)
            result.problems.append(Problem(sheet.name, number, column, problem.message))
        tags, _note, unknown = sourced.language_tags(row["languages"])
        for name in unknown:
            result.problems.append(Problem(sheet.name, number, "languages",
                                           f"unknown language {name!r}: write a BCP-47 tag (ar, uk, zh-Hans) or a known name"))
        for topic in record.get("topics", []):
            if topics and topic not in topics:
                result.problems.append(Problem(sheet.name, number, "topics", f"unknown topic {topic!r}"))
        if parsed is None:
            continue
        result.compare(ident, existing.get(ident), record, record_to_row)
    result.removed = sorted(set(existing) - set(seen))
    linked = links_to_points(root)
    for ident in result.removed:
        for guide_path in linked.get(ident, []):
            result.problems.append(Problem(
                sheet.name, 1, "id",
                f"service point {ident!r} has no row, which would delete it, but {guide_path} links to it: "
                "keep its row or remove the link first"))
    return result


def _column(name: str) -> str:
    for prefix in sorted(FIELD_COLUMN, key=len, reverse=True):
        if name == prefix or name.startswith(prefix + ".") or name.startswith(prefix + "["):
            return FIELD_COLUMN[prefix]
    return name.split(".")[0].split("[")[0] or "id"


def _topics(root: Path) -> set[str]:
    path = root / "topics.yaml"
    if not path.exists():
        return set()
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    return {entry.get("slug") for entry in data if isinstance(entry, dict)}


SERVICE_LINK = re.compile(r"\]\(service:([a-z0-9-]+)\)")


def links_to_points(root: Path) -> dict[str, list[str]]:
    """{service point id: [guide files linking to it with ``service:<id>``]}."""
    out: dict[str, list[str]] = {}
    for path in sorted((root / "guides").glob("*/*.md")):
        for ident in SERVICE_LINK.findall(path.read_text(encoding="utf-8", errors="replace")):
            out.setdefault(ident, []).append(path.relative_to(root).as_posix())
    return out


def apply_plan(result: ImportResult, root: Path) -> None:
    """Write added and changed records and delete removed ones."""
    folder = root / KIND.folder
    folder.mkdir(parents=True, exist_ok=True)
    for ident in [*result.added, *result.changed]:
        (folder / f"{ident}.yaml").write_text(dump(result.records[ident]), encoding="utf-8")
    for ident in result.removed:
        (folder / f"{ident}.yaml").unlink()


def export_sheet(root: Path, dest: Path) -> int:
    """Write every record of ``root`` as a sheet (CSV, or .xlsx by suffix)."""
    rows = [record_to_row(record) for record in read_records(root / KIND.folder).values()]
    write_table(dest, [*COLUMNS, *OPTIONAL], rows)
    return len(rows)
