"""Course programmes and sessions as content: every bad input of the
training offer is refused by publish and by the spreadsheet import alike,
as ``file:line: field: message``, and nothing changes."""
from __future__ import annotations

import csv
import shutil
import textwrap
from pathlib import Path

import pytest
import yaml

from portal.config import ROOT
from portal.content.loader import load
from portal.content.publish import publish
from portal.extensions import db
from portal.models import ChangeEvent, Guide

GOOD = {
    "id": "s1", "programme": "pla-a1-a2", "place": "cnaim-lisboa", "format": "in-person", "language": "pt",
    "start": "2027-01-11", "end": "2027-06-30",
    "schedule": [{"day": "mon", "start": "18:30", "end": "21:30"}],
    "enrol_by": "2027-01-04", "published_by": "Test", "published_on": "2026-11-30",
}

# (what is wrong, changes to GOOD, field named in the problem, words of the message)
BAD = [
    ("ends before it starts", {"end": "2027-01-01"}, "end", "before it starts"),
    ("a meeting outside its dates", {"schedule": [], "meetings": [
        {"date": "2027-01-11", "start": "10:00", "end": "12:00"},
        {"date": "2027-08-01", "start": "10:00", "end": "12:00"}]}, "meetings[1].date", "outside the session"),
    ("an impossible time", {"schedule": [{"day": "mon", "start": "25:00", "end": "26:30"}]},
     "schedule[0].start", "not a time of day"),
    ("an end time before the start time", {"schedule": [{"day": "mon", "start": "18:30", "end": "08:00"}]},
     "schedule[0].end", "not after it starts"),
    ("an unknown programme", {"programme": "klingon-a1"}, "programme", "unknown programme"),
    ("an unknown service point", {"place": "nowhere-centre"}, "place", "unknown service point"),
    ("a level outside the CEFR", {"levels": ["A1", "D1"]}, "levels[1]", "CEFR"),
    ("a deadline after the start", {"enrol_by": "2027-02-01"}, "enrol_by", "after the start"),
    ("an online session with an address", {"format": "online", "place": None, "provider": {
        "name": "X", "municipality": "Lisboa", "address": "Rua Y, 1", "phone": "+351 218 106 100"}},
     "provider.address", "no address"),
    ("an in-person session with no place", {"place": None}, "place", "needs a place"),
]


def _session(**changes) -> dict:
    data = {**GOOD, **changes}
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def course_tree(tmp_path) -> Path:
    """The smallest tree the courses need: topics, one service point, two
    programmes (without their guides) and one good session."""
    root = tmp_path / "content"
    root.mkdir()
    shutil.copy(ROOT / "content" / "topics.yaml", root / "topics.yaml")
    (root / "services").mkdir()
    shutil.copy(ROOT / "content" / "services" / "cnaim-lisboa.yaml", root / "services")
    (root / "courses" / "programmes").mkdir(parents=True)
    for name in ("pla-a1-a2", "pla-b1-b2"):
        data = yaml.safe_load((ROOT / "content" / "courses" / "programmes" / f"{name}.yaml").read_text())
        data["guides"] = []
        data["last_checked"] = str(data["last_checked"])
        (root / "courses" / "programmes" / f"{name}.yaml").write_text(yaml.safe_dump(data, allow_unicode=True))
    write_session(root, _session())
    return root


def write_session(root: Path, data: dict, name: str | None = None) -> Path:
    folder = root / "courses" / "sessions"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name or data['id']}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    return path


def errors(root: Path) -> list[str]:
    return [str(p) for p in load(root).errors]


def test_starter_programmes_and_no_sessions_folder_are_valid(tmp_path):
    root = tmp_path / "content"
    shutil.copytree(ROOT / "content", root)
    assert not (root / "courses" / "sessions").exists()
    content = load(root)
    assert not content.errors, [str(p) for p in content.errors]
    assert set(content.items["programme"]) == {
        "pla-a1-a2", "pla-b1-b2", "plnm-school", "portuguese-online", "staff-training-iom"}
    assert content.items["session"] == {}
    (root / "courses" / "sessions").mkdir()
    assert not load(root).errors


def test_the_good_session_is_valid(course_tree):
    assert errors(course_tree) == []


@pytest.mark.parametrize("what, changes, field, words", BAD, ids=[case[0] for case in BAD])
def test_publish_refuses_bad_sessions_naming_file_line_and_field(make_app, database_url, course_tree, what, changes,
                                                                 field, words):
    app = make_app(database_url)
    with app.app_context():
        assert publish(course_tree).published
        before = db.session.query(ChangeEvent).count()
    path = write_session(course_tree, _session(id="bad", **changes))
    with app.app_context():
        result = publish(course_tree)
        assert not result.published
        assert db.session.query(ChangeEvent).count() == before
        assert db.session.query(Guide).filter_by(kind="session", slug="bad").count() == 0
    found = [str(p) for p in result.problems if not p.warning]
    assert any(line.startswith(f"courses/sessions/{path.name}:") and f": {field}: " in line and words in line
               for line in found), found
    line = next(p.line for p in result.problems if p.field == field)
    assert line > 1 or field in ("place",)


def test_a_programme_level_outside_the_cefr_is_refused(course_tree):
    path = course_tree / "courses" / "programmes" / "pla-b1-b2.yaml"
    path.write_text(path.read_text().replace("- B2", "- C3"))
    assert any(": levels[1]: " in line and "CEFR" in line for line in errors(course_tree))


def test_a_duplicate_session_id_is_refused(course_tree):
    write_session(course_tree, _session(), name="s1-copy")
    assert any("s1-copy.yaml" in line and ": id: " in line for line in errors(course_tree))


def test_sessions_are_one_pipeline_with_change_events(make_app, database_url, course_tree):
    app = make_app(database_url)
    with app.app_context():
        result = publish(course_tree)
        assert result.published
        events = {(e.item_type, e.slug) for e in db.session.query(ChangeEvent)}
    assert ("session", "s1") in events and ("programme", "pla-a1-a2") in events


SHEET = textwrap.dedent("""\
    id,programme,place,format,language,start,end,published_by,published_on,schedule,meetings,levels,enrol_by,provider_name,provider_municipality,provider_address,provider_phone
    new-1,pla-a1-a2,cnaim-lisboa,in-person,pt,2027-02-01,2027-06-30,Escola,2026-11-30,mon 18:30-21:30,,A1,2027-01-20,,,,
    new-2,pla-b1-b2,online,online,pt,2027-03-01,2027-03-31,Escola,2026-11-30,,2027-03-01 10:00-12:00; 2027-03-08 10:00-12:00,B1,,,,,
    new-3,pla-a1-a2,,blended,en,2027-02-15,2027-05-15,Escola,2026-11-30,tue 10:00-12:00,,,,Escola do Porto,Porto,"Rua 1, Porto",+351 222 073 810
    """)

# the same bad inputs as sheet cells: (column, bad cell, column named, words[, sheet row])
BAD_CELLS = [
    ("end", "2027-01-01", "end", "before it starts"),
    ("format", "online", "provider_address", "no address", 4),
    ("place", "", "place", "needs a place"),
    ("meetings", "2027-08-01 10:00-12:00", "meetings", "outside the session"),
    ("schedule", "mon 25:00-26:30", "schedule", "not a time of day"),
    ("programme", "klingon-a1", "programme", "unknown programme"),
    ("place", "nowhere-centre", "place", "unknown service point"),
    ("levels", "A1; D1", "levels", "CEFR"),
    ("enrol_by", "2027-03-01", "enrol_by", "after the start"),
    ("id", "new-2", "id", "duplicate id"),
]


def _run(app, *args):
    return app.test_cli_runner().invoke(args=["courses", *args])


def test_import_of_three_sessions_is_three_additions_visible_without_restart(tmp_path, course_tree, database_url):
    from tests.courses_support import courses_app

    app = courses_app(tmp_path, course_tree, database_url)
    try:
        _import_three(app, tmp_path, course_tree)
    finally:
        with app.app_context():
            db.session.remove()
            if database_url.startswith("postgresql"):
                db.drop_all()
            db.engine.dispose()


def _import_three(app, tmp_path, course_tree):
    from tests.courses_support import publish_root

    publish_root(app, course_tree)
    client = app.test_client()
    assert client.get("/api/v1/sessions").get_json()["total"] == 1
    sheet = tmp_path / "provider.csv"
    sheet.write_text(SHEET)
    dry = _run(app, "import", str(sheet), "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert "added: 3, changed: 0, unchanged: 0" in dry.output
    assert not (course_tree / "courses" / "sessions" / "new-1.yaml").exists()
    done = _run(app, "import", str(sheet))
    assert done.exit_code == 0, done.output
    with app.app_context():
        result = publish(course_tree)
    assert result.published
    assert sum(c["added"] for c in result.counts.values()) == 3
    listed = {s["id"] for s in client.get("/api/v1/sessions").get_json()["items"]}
    assert {"new-1", "new-2", "new-3"} <= listed
    page = client.get("/en/courses").get_data(as_text=True)
    assert "new-1" in page and "new-3" in page
    again = _run(app, "import", str(sheet), "--dry-run")
    assert "added: 0, changed: 0, unchanged: 3" in again.output


@pytest.mark.parametrize("case", BAD_CELLS, ids=[f"{c[0]}={c[1]}" for c in BAD_CELLS])
def test_import_refuses_bad_rows_and_writes_nothing(app, tmp_path, course_tree, case):
    column, cell, shown, words = case[:4]
    sheet_row = case[4] if len(case) > 4 else 2
    lines = SHEET.splitlines()
    header = lines[0].split(",")
    row = next(csv.reader([lines[sheet_row - 1]]))
    row[header.index(column)] = cell
    lines[sheet_row - 1] = ",".join(f'"{v}"' if "," in v else v for v in row)
    sheet = tmp_path / "bad.csv"
    sheet.write_text("\n".join(lines) + "\n")
    before = sorted(p.name for p in (course_tree / "courses" / "sessions").iterdir())
    result = app.test_cli_runner().invoke(args=["courses", "import", str(sheet), "--root", str(course_tree)])
    assert result.exit_code != 0
    row_number = 3 if column == "id" else sheet_row  # a duplicate is reported at its second row
    assert f"bad.csv:{row_number}: {shown}: " in result.output and words in result.output, result.output
    assert "nothing was written" in result.output
    assert sorted(p.name for p in (course_tree / "courses" / "sessions").iterdir()) == before


def test_export_writes_the_sheet_back(app, tmp_path, course_tree):
    dest = tmp_path / "sessions.xlsx"
    result = app.test_cli_runner().invoke(args=["courses", "export", str(dest), "--root", str(course_tree)])
    assert result.exit_code == 0, result.output
    again = app.test_cli_runner().invoke(
        args=["courses", "import", str(dest), "--root", str(course_tree), "--dry-run"])
    assert "added: 0, changed: 0, unchanged: 1" in again.output, again.output


def test_content_export_writes_programmes_and_sessions_back_as_they_load(app, tmp_path, course_tree):
    write_session(course_tree, _session(id="s2", schedule=[{"day": "tue", "start": "10:00", "end": "12:00"}],
                                        breaks=[{"from": "2027-02-01", "to": "2027-02-05"}],
                                        how_to_enrol={"pt": "Na secretaria.", "en": "At the office."}))
    with app.app_context():
        assert publish(course_tree).published
    dest = tmp_path / "exported"
    result = app.test_cli_runner().invoke(args=["content", "export", str(dest)])
    assert result.exit_code == 0, result.output
    shutil.copy(course_tree / "topics.yaml", dest / "topics.yaml")
    again, before = load(dest), load(course_tree)
    assert not again.errors, [str(p) for p in again.errors]
    for kind in ("programme", "session"):
        assert {slug: {lang: f.content_hash for lang, f in files.items()}
                for slug, files in again.items[kind].items()} == {
            slug: {lang: f.content_hash for lang, f in files.items()} for slug, files in before.items[kind].items()}
