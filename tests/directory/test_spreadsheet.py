"""The coordinators' spreadsheet: import validates every row before writing
(``file:row: column: message``), reports added/changed/unchanged with a
per-field diff, and round-trips with export (CSV and .xlsx)."""
from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from portal.directory.spreadsheet import COLUMNS, apply_plan, export_sheet, plan

CHECKOUT = Path(__file__).resolve().parents[2] / "content"


@pytest.fixture
def root(tmp_path):
    """A content folder with the topics and the starter service points."""
    folder = tmp_path / "content"
    folder.mkdir()
    shutil.copy(CHECKOUT / "topics.yaml", folder / "topics.yaml")
    shutil.copytree(CHECKOUT / "services", folder / "services")
    return folder


@pytest.fixture
def sheet(root, tmp_path):
    path = tmp_path / "network.csv"
    export_sheet(root, path)
    return path


def _rows(path):
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _write(path, rows, header=None):
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header or list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def _problems(result):
    return [str(p) for p in result.problems]


def test_export_then_import_changes_nothing(root, sheet):
    result = plan(sheet, root)
    assert not result.problems
    assert (len(result.added), len(result.changed), len(result.removed)) == (0, 0, 0)
    assert len(result.unchanged) == len(list((root / "services").glob("*.yaml"))) == 80


def test_one_changed_phone_is_exactly_one_changed_field(root, sheet, tmp_path):
    rows = _rows(sheet)
    row = next(r for r in rows if r["id"] == "claim-fcl")
    old = row["phone"]
    row["phone"] = "+351 963 874 725"
    _write(sheet, rows)
    result = plan(sheet, root)
    assert not result.problems
    assert result.changed == {"claim-fcl": [("phone", old, "+351 963 874 725")]}
    assert len(result.unchanged) == 79
    apply_plan(result, root)
    assert "963 874 725" in (root / "services" / "claim-fcl.yaml").read_text(encoding="utf-8")
    assert not plan(sheet, root).changed


def test_xlsx_round_trips(root, tmp_path):
    book = tmp_path / "network.xlsx"
    export_sheet(root, book)
    result = plan(book, root)
    assert not result.problems and not result.changed and len(result.unchanged) == 80


def test_a_new_row_from_the_network_layout_is_added_with_hours_read_from_its_words(root, sheet):
    rows = _rows(sheet)
    header = list(COLUMNS)  # the network's own layout, without the optional columns
    new = {name: "" for name in header}
    new.update(id="claim-teste", kind="local-centre", name="CLAIM de Teste", municipality="Faro",
               district="Faro", phone="289 000 000", hours="Mon-Fri 09:00-12:30 and 14:00-17:00",
               source_url="https://example.pt/claim", source_date="2026-01-10", confidence="sourced",
               languages="português; árabe", services="residence permits")
    _write(sheet, [{k: r[k] for k in header} for r in rows] + [new], header)
    result = plan(sheet, root)
    assert not result.problems, _problems(result)
    assert result.added == ["claim-teste"] and not result.changed
    record = result.records["claim-teste"]
    assert record["opening_hours"] == "Mo-Fr 09:00-12:30,14:00-17:00"
    assert record["languages"] == ["pt", "ar"] and record["topics"] == ["residence"]


@pytest.mark.parametrize(("column", "value", "message"), [
    ("opening_hours", "Mo-Fr 09:00-25:00", "impossible time 25:00"),
    ("opening_hours", "whenever", "not valid opening_hours syntax"),
    ("opening_hours", "Mo-Fr 18:00-09:00", "ends before it starts"),
    ("lat", "40.4168", "outside Portugal"),
    ("phone", "12 34", "not a valid"),
    ("municipality", "Lisbon", "unknown municipality"),
    ("district", "Porto", "Lisboa is in Lisboa, not Porto"),
    ("email", "not-an-address", "not an email address"),
])
def test_bad_rows_are_reported_by_row_and_column_and_nothing_is_written(root, sheet, column, value, message):
    rows = _rows(sheet)
    index = next(i for i, r in enumerate(rows) if r["id"] == "claim-fcl")
    if column == "lat":
        rows[index].update(lat=value, lon="-3.7038")
    else:
        rows[index][column] = value
    _write(sheet, rows)
    before = (root / "services" / "claim-fcl.yaml").read_text(encoding="utf-8")
    result = plan(sheet, root)
    wanted = f"network.csv:{index + 2}: {column if column != 'lat' else 'lat'}: "
    assert any(p.startswith(wanted) and message in p for p in _problems(result)), _problems(result)
    assert (root / "services" / "claim-fcl.yaml").read_text(encoding="utf-8") == before


def test_duplicate_ids_are_refused(root, sheet):
    rows = _rows(sheet)
    _write(sheet, rows + [rows[0]])
    assert f"network.csv:{len(rows) + 2}: id: duplicate id '{rows[0]['id']}': also row 2" in _problems(plan(sheet, root))


def test_missing_and_extra_columns_and_bad_encoding_are_refused(root, sheet, tmp_path):
    rows = _rows(sheet)
    missing = tmp_path / "missing.csv"
    _write(missing, [{k: v for k, v in r.items() if k != "phone"} for r in rows])
    assert _problems(plan(missing, root)) == ["missing.csv:1: columns: missing: phone"]
    extra = tmp_path / "extra.csv"
    _write(extra, [{**r, "fax": ""} for r in rows])
    assert _problems(plan(extra, root))[0].startswith("extra.csv:1: columns: unknown: fax")
    latin = tmp_path / "latin.csv"
    latin.write_bytes(sheet.read_text(encoding="utf-8").encode("latin-1", errors="replace"))
    found = _problems(plan(latin, root))
    assert len(found) == 1 and found[0].startswith("latin.csv:") and ": file: not UTF-8 text" in found[0]


def test_a_missing_row_would_delete_a_point_linked_from_a_guide(root, sheet):
    (root / "guides" / "x").mkdir(parents=True)
    (root / "guides" / "x" / "pt.md").write_text("---\n---\n\nVá ao [CLAIM](service:claim-fcl).\n", encoding="utf-8")
    rows = [r for r in _rows(sheet) if r["id"] != "claim-fcl"]
    _write(sheet, rows)
    found = _problems(plan(sheet, root))
    assert any("'claim-fcl' has no row, which would delete it, but guides/x/pt.md links to it" in p for p in found)


def test_cli_dry_run_shows_counts_and_the_diff_and_writes_nothing(make_app, root, sheet):
    rows = _rows(sheet)
    row = next(r for r in rows if r["id"] == "claim-fcl")
    row["phone"] = "+351 963 874 725"
    _write(sheet, rows)
    app = make_app()
    result = app.test_cli_runner().invoke(args=["directory", "import", str(sheet), "--root", str(root), "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "added: 0, changed: 1, unchanged: 79, removed: 0" in result.output
    assert "~ claim-fcl" in result.output and "phone: '+351 963 874 724' -> '+351 963 874 725'" in result.output
    assert "963 874 724" in (root / "services" / "claim-fcl.yaml").read_text(encoding="utf-8")
