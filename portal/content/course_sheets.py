"""The providers' spreadsheet of course sessions: import (CSV or .xlsx)
into ``content/courses/sessions/<id>.yaml`` and export back.

One row is one session. Lists are written in one cell, separated by ``;``:
``schedule`` as ``mon 18:30-21:30; wed 18:30-21:30``, ``meetings`` as
``2027-02-01 10:00-12:00; ...``, ``breaks`` as ``2027-03-22/2027-04-02``,
``levels`` as ``A1; A2``. Text cells (``how_to_enrol``, ``notes``) are the
Portuguese text; translations already in the file are kept.

Every row goes through the same schema and the same checks as
``content publish`` (:mod:`portal.content.courses`): programme, service
point, dates, times, levels, enrolment deadline, place. On any problem
nothing is written. An import adds and changes sessions; it never deletes
one (a provider's sheet holds only its own sessions).
"""
from __future__ import annotations

import re
from pathlib import Path

from ..i18n import SOURCE_LANGUAGE
from .courses import WEEKDAYS, session_problems
from .kinds import KINDS
from .loader import Problem, parse_record
from .sheets import ImportResult, SheetError, dump, read_records, read_table, write_table

KIND = KINDS["session"]
COLUMNS = ("id", "programme", "place", "format", "language", "start", "end", "published_by", "published_on")
OPTIONAL = ("provider_name", "provider_municipality", "provider_district", "provider_address",
            "provider_phone", "provider_email", "provider_url", "levels", "schedule", "meetings", "breaks",
            "skip_holidays", "seats", "enrol_by", "enrol_url", "enrol_phone", "enrol_email", "how_to_enrol",
            "contact_name", "contact_phone", "contact_email", "notes")
NESTED = {"provider": "provider_", "enrol": "enrol_", "contact": "contact_"}
SLOT = re.compile(r"^(?P<day>[a-z]{3})\s+(?P<start>\S+)\s*-\s*(?P<end>\S+)$")
MEETING = re.compile(r"^(?P<date>\S+)\s+(?P<start>\S+)\s*-\s*(?P<end>\S+)$")
BREAK = re.compile(r"^(?P<start>[^/\s]+)\s*/\s*(?P<end>[^/\s]+)$")


def _cells(text: str) -> list[str]:
    return [part.strip() for part in text.split(";") if part.strip()]


def row_to_record(row: dict, existing: dict | None) -> tuple[dict, list[tuple[str, str]]]:
    """(record, [(column, message)]) for the cells that cannot be read at all;
    everything else is left to the schema."""
    problems = []
    record: dict = {name: row[name] for name in COLUMNS if row.get(name)}
    for name, prefix in NESTED.items():
        part = {column[len(prefix):]: row[column] for column in OPTIONAL
                if column.startswith(prefix) and column != "enrol_by" and row.get(column)}
        if part:
            record[name] = part
    if row.get("levels"):
        record["levels"] = [level.upper() for level in _cells(row["levels"])]
    for column, pattern, keys in (("schedule", SLOT, ("day", "start", "end")),
                                  ("meetings", MEETING, ("date", "start", "end")),
                                  ("breaks", BREAK, ("from", "to"))):
        items = []
        for index, cell in enumerate(_cells(row.get(column, ""))):
            found = pattern.match(cell if column != "schedule" else cell.lower())
            if found is None:
                problems.append((column, f"item {index + 1} {cell!r} cannot be read: {_example(column)}"))
                continue
            values = found.groupdict()
            if column == "breaks":
                values = {"from": values["start"], "to": values["end"]}
            items.append({key: values[key] for key in keys})
        if items:
            record[column] = items
    if row.get("skip_holidays"):
        value = row["skip_holidays"].strip().lower()
        if value in ("yes", "sim", "true", "1"):
            record["skip_holidays"] = True
        elif value in ("no", "não", "nao", "false", "0"):
            record["skip_holidays"] = False
        else:
            problems.append(("skip_holidays", f"{row['skip_holidays']!r}: write yes or no"))
    if row.get("seats"):
        if row["seats"].strip().isdigit():
            record["seats"] = int(row["seats"])
        else:
            problems.append(("seats", f"{row['seats']!r} is not a whole number"))
    if row.get("enrol_by"):
        record["enrol_by"] = row["enrol_by"]
    for name in ("how_to_enrol", "notes"):
        texts = dict((existing or {}).get(name) or {})
        if row.get(name):
            if texts.get(SOURCE_LANGUAGE) != row[name]:
                texts = {SOURCE_LANGUAGE: row[name]}  # the source changed: old translations no longer match
            record[name] = texts
    order = KIND.export_order[0]
    return {key: record[key] for key in order if key in record}, problems


def _example(column: str) -> str:
    return {"schedule": "write it as 'mon 18:30-21:30; wed 18:30-21:30' (" + ", ".join(WEEKDAYS) + ")",
            "meetings": "write it as '2027-02-01 10:00-12:00; 2027-02-08 10:00-12:00'",
            "breaks": "write it as '2027-03-22/2027-04-02'"}[column]


def record_to_row(record: dict) -> dict[str, str]:
    """A record file as one sheet row (the inverse of :func:`row_to_record`)."""
    row = {name: "" for name in (*COLUMNS, *OPTIONAL)}
    for name in COLUMNS:
        if record.get(name) is not None:
            row[name] = str(record[name])
    for name, prefix in NESTED.items():
        for key, value in (record.get(name) or {}).items():
            row[prefix + key] = str(value)
    row["levels"] = "; ".join(record.get("levels") or [])
    row["schedule"] = "; ".join(f"{s['day']} {s['start']}-{s['end']}" for s in record.get("schedule") or [])
    row["meetings"] = "; ".join(f"{m['date']} {m['start']}-{m['end']}" for m in record.get("meetings") or [])
    row["breaks"] = "; ".join(f"{b['from']}/{b['to']}" for b in record.get("breaks") or [])
    if "skip_holidays" in record:
        row["skip_holidays"] = "yes" if record["skip_holidays"] else "no"
    if record.get("seats") is not None:
        row["seats"] = str(record["seats"])
    if record.get("enrol_by"):
        row["enrol_by"] = str(record["enrol_by"])
    for name in ("how_to_enrol", "notes"):
        row[name] = (record.get(name) or {}).get(SOURCE_LANGUAGE, "")
    return row


def _column(field_name: str) -> str:
    """The sheet column a record field is written in."""
    head = field_name.split("[")[0]
    for name, prefix in NESTED.items():
        if head.startswith(name + "."):
            return prefix + head[len(name) + 1:].split(".")[0]
        if head == name:
            return f"{prefix}..."
    return head.split(".")[0] or "id"


def plan(sheet: Path, root: Path) -> ImportResult:
    """Validate the sheet against ``root`` (the content folder) and work out
    what would change; writes nothing."""
    result = ImportResult()
    try:
        rows = read_table(sheet, COLUMNS, OPTIONAL)
    except SheetError as exc:
        result.problems = exc.problems
        return result
    existing = read_records(root / KIND.folder)
    programmes = {ident: list(record.get("levels") or [])
                  for ident, record in read_records(root / KINDS["programme"].folder).items()}
    points = set(read_records(root / KINDS["service"].folder))
    seen: dict[str, int] = {}
    for row in rows:
        number, ident = row["_row"], row["id"]
        if ident in seen:
            result.problems.append(Problem(sheet.name, number, "id",
                                           f"duplicate id {ident!r}: also row {seen[ident]}"))
            continue
        seen[ident] = number
        record, unreadable = row_to_record(row, existing.get(ident))
        for column, message in unreadable:
            result.problems.append(Problem(sheet.name, number, column, message))
        found: list[Problem] = []
        parsed = parse_record(KIND, dump(record), "row", found)
        for problem in found:
            result.problems.append(Problem(sheet.name, number, _column(problem.field), problem.message))
        if parsed is None or unreadable:
            continue
        for name, message in session_problems(parsed[0], programmes, points):
            result.problems.append(Problem(sheet.name, number, _column(name), message))
        result.compare(ident, existing.get(ident), record, record_to_row)
    return result


def apply_plan(result: ImportResult, root: Path) -> None:
    """Write the added and changed sessions (never deletes one)."""
    folder = root / KIND.folder
    folder.mkdir(parents=True, exist_ok=True)
    for ident in [*result.added, *result.changed]:
        (folder / f"{ident}.yaml").write_text(dump(result.records[ident]), encoding="utf-8")


def export_sheet(root: Path, dest: Path) -> int:
    """Write every session of ``root`` as a sheet (CSV, or .xlsx by suffix)."""
    rows = [record_to_row(record) for record in read_records(root / KIND.folder).values()]
    write_table(dest, [*COLUMNS, *OPTIONAL], rows)
    return len(rows)
