"""Spreadsheets of records, shared by every kind a coordinator keeps in a
sheet (the directory's service points, the courses' sessions): reading a
CSV or .xlsx sheet with a closed set of columns, writing one back, and the
record files an import writes. Problems are ``file:row: column: message``
and an import writes nothing unless every row is valid.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .loader import Problem


class SheetError(Exception):
    """The sheet as a whole cannot be read (encoding, columns)."""

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(map(str, problems)))
        self.problems = problems


def read_table(path: Path, columns: tuple[str, ...], optional: tuple[str, ...] = ()) -> list[dict[str, str]]:
    """Rows of a CSV (UTF-8) or .xlsx sheet as {column: text}, each with its
    sheet row number in ``_row``; the header must have every one of
    ``columns`` and nothing but them and ``optional``."""
    shown = path.name
    if path.suffix.lower() == ".xlsx":
        header, rows = _xlsx(path, shown)
    else:
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            raise SheetError([Problem(shown, line, "file",
                                      f"not UTF-8 text (byte 0x{raw[exc.start]:02x}); "
                                      "save the sheet as 'CSV UTF-8'")]) from None
        reader = csv.reader(io.StringIO(text, newline=""))
        header = next(reader, [])
        rows = [(reader.line_num, values) for values in reader]
    header = [name.strip() for name in header]
    problems = []
    missing = [name for name in columns if name not in header]
    extra = [name for name in header if name not in columns and name not in optional]
    if missing:
        problems.append(Problem(shown, 1, "columns", "missing: " + ", ".join(missing)))
    if extra:
        problems.append(Problem(shown, 1, "columns", "unknown: " + ", ".join(extra)
                                + f" (the layout is: {','.join(columns)}; optional: {','.join(optional)})"))
    if len(set(header)) != len(header):
        problems.append(Problem(shown, 1, "columns", "a column appears twice"))
    if problems:
        raise SheetError(problems)
    out = []
    for number, values in rows:
        if not any(value.strip() for value in values):
            continue
        if len(values) > len(header):
            raise SheetError([Problem(shown, number, "columns",
                                      f"{len(values)} cells where the header has {len(header)}")])
        row = {name: (values[i] if i < len(values) else "").strip() for i, name in enumerate(header)}
        row["_row"] = number
        out.append(row)
    return out


def _xlsx(path: Path, shown: str):
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # a corrupt or non-xlsx file: openpyxl raises many kinds
        raise SheetError([Problem(shown, 1, "file", f"not a readable .xlsx workbook ({exc.__class__.__name__})")]) from None
    sheet = book.worksheets[0]
    rows = []
    header: list[str] = []
    for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
        values = ["" if cell is None else (repr(cell) if isinstance(cell, float) else str(cell)) for cell in cells]
        if number == 1:
            header = values
            while header and not header[-1]:
                header.pop()
        else:
            # read-only sheets pad rows with empty cells up to the widest row
            while len(values) > len(header) and not values[-1]:
                values.pop()
            rows.append((number, values))
    book.close()
    return header, rows




def write_table(dest: Path, header: list[str], rows: list[dict[str, str]]) -> None:
    """Write ``rows`` under ``header``: .xlsx by the file's suffix, else CSV (UTF-8)."""
    if dest.suffix.lower() == ".xlsx":
        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active
        sheet.append(header)
        for row in rows:
            sheet.append([row.get(name, "") for name in header])
        book.save(dest)
    else:
        with dest.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=header)
            writer.writeheader()
            writer.writerows(rows)


def dump(record: dict) -> str:
    return yaml.safe_dump(record, allow_unicode=True, sort_keys=False, width=1000)


def read_records(folder: Path) -> dict[str, dict]:
    """The raw YAML of every record file, by id (file name)."""
    from .loader import _Loader

    out = {}
    if folder.is_dir():
        for path in sorted(folder.glob("*.yaml")):
            data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
            if isinstance(data, dict):
                out[path.stem] = data
    return out


@dataclass
class ImportResult:
    problems: list[Problem] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    changed: dict[str, list[tuple[str, str, str]]] = field(default_factory=dict)  # id -> (column, old, new)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    records: dict[str, dict] = field(default_factory=dict)

    def compare(self, ident: str, old: dict | None, record: dict, to_row) -> None:
        """File a valid row as added, changed (with its per-column diff, the
        columns being ``to_row``'s) or unchanged against the record on file."""
        self.records[ident] = record
        if old is None:
            self.added.append(ident)
            return
        before, after = to_row(old), to_row(record)
        diff = [(column, before[column], after[column]) for column in before if before[column] != after[column]]
        if diff:
            self.changed[ident] = diff
        else:
            self.unchanged.append(ident)
