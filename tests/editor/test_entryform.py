"""Edit forms derived from the schemas: every record opens and saves back
unchanged, opening hours as a weekly table, one widget per kind of field,
refused input kept as typed with the error beside its widget, and the
other languages' texts kept when the Portuguese changes."""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
import yaml

from portal.content.kinds import KINDS
from portal.directory import hours as opening
from portal.editor import drafts, entryform, hoursform
from tests.editor.conftest import csrf_token, form_values, login, make_user

ROOT = Path(__file__).resolve().parents[2]
RECORDS = (
    [("service", path) for path in sorted((ROOT / "content/services").glob("*.yaml"))]
    + [("programme", path) for path in sorted((ROOT / "content/courses/programmes").glob("*.yaml"))]
    + [("session", path) for path in sorted((ROOT / "tests/fixtures/courses/sessions").glob("*.yaml"))]
)
HOURS = sorted({yaml.safe_load(path.read_text(encoding="utf-8")).get("opening_hours") or ""
                for kind, path in RECORDS if kind == "service"} - {""})


@pytest.mark.parametrize("kind_name,path", RECORDS, ids=[f"{k}:{p.stem}" for k, p in RECORDS])
def test_every_record_opens_and_saves_back_unchanged(kind_name, path):
    kind = KINDS[kind_name]
    text = path.read_text(encoding="utf-8")
    values = entryform.values_from_text(kind, "pt", text)
    saved, errors = entryform.text_from_values(kind, "pt", values, opened=text)
    assert errors == {}
    assert yaml.safe_load(saved) == yaml.safe_load(text)
    if yaml.safe_dump(yaml.safe_load(text), allow_unicode=True, sort_keys=False, width=1000) == text:
        assert saved == text  # a file as the workspace writes it comes back byte for byte
    # and as a browser would send it back: rows numbered again, nothing lost
    again, _errors = entryform.text_from_values(kind, "pt", entryform.posted(kind, "pt", values), opened=text)
    assert again == saved



@pytest.mark.parametrize("kind_name", ["service", "programme"])
def test_how_translations_were_made_is_kept_by_the_portuguese_form(kind_name):
    """A record's ``translation`` map is set in the translation view: the
    whole-record form neither shows it nor loses it."""
    path = next(p for k, p in RECORDS if k == kind_name)
    kind = KINDS[kind_name]
    record = yaml.safe_load(path.read_text(encoding="utf-8"))
    record["translation"] = {"ar": "machine-reviewed"}
    text = yaml.safe_dump(record, allow_unicode=True, sort_keys=False, width=1000)
    values = entryform.values_from_text(kind, "pt", text)
    assert not any(name == "translation" or name.startswith("translation-") for name in values)
    saved, errors = entryform.text_from_values(kind, "pt", {**values, "translation": "human"}, opened=text)
    assert errors == {} and yaml.safe_load(saved)["translation"] == {"ar": "machine-reviewed"}

def test_every_guide_and_glossary_file_opens_and_saves_back_the_same_fields():
    for kind_name, folder in (("guide", "guides"), ("glossary", "glossary")):
        kind = KINDS[kind_name]
        for path in sorted((ROOT / "content" / folder).glob("*/*.md")):
            text = path.read_text(encoding="utf-8")
            before = drafts.fields_of(kind, text)
            before.pop("minor", None)  # the workspace's own box, not a field of the form
            values = entryform.values_from_text(kind, path.stem, text)
            saved, errors = entryform.text_from_values(kind, path.stem, values, before.get("source_revision"),
                                                       opened=text)
            assert errors == {} and drafts.fields_of(kind, saved) == before, path


def _same_week(first: str, second: str) -> None:
    monday = date(2026, 12, 7)  # a week with a public holiday (8 December)
    for week in range(4):
        day = monday + timedelta(weeks=week)
        assert opening.week(first, day) == opening.week(second, day), (first, second, day)


@pytest.mark.parametrize("expression", HOURS)
def test_every_opening_hours_value_round_trips_through_the_table(expression):
    values = hoursform.form_values(expression, "opening_hours")
    composed, problem = hoursform.expression(values, "opening_hours")
    assert problem is None and composed == expression
    if hoursform.parse(expression) is None:
        assert values["opening_hours-advanced"] == expression
    else:
        assert values["opening_hours-advanced"] == ""
    _same_week(expression, composed)


@pytest.mark.parametrize("expression,table,holidays", [
    ("Mo-Fr 09:00-16:00; Sa 10:00-13:00; PH off",
     {"Mo": ["09:00-16:00"], "Fr": ["09:00-16:00"], "Sa": ["10:00-13:00"]}, "off"),
    ("Mo,Th 09:00-12:30", {"Mo": ["09:00-12:30"], "Th": ["09:00-12:30"], "Tu": []}, ""),
    ("Mo-Fr 09:30-13:00,14:00-18:00", {"We": ["09:30-13:00", "14:00-18:00"]}, ""),
    ("Mo-Fr,PH 09:00-16:00", {"Fr": ["09:00-16:00"], "Su": []}, "normal"),
])
def test_simple_weekly_patterns_read_into_the_table(expression, table, holidays):
    parsed, found_holidays = hoursform.parse(expression)
    for day, ranges in table.items():
        assert [f"{a}-{b}" for a, b in parsed[day]] == ranges
    assert found_holidays == holidays
    assert hoursform.compose(parsed, found_holidays) == expression


@pytest.mark.parametrize("expression", ["24/7", "Mo-Fr 09:00-16:00; Jan off", "Mo-Fr 09:00-16:00 \"by phone\"",
                                        "Mo-Fr 08:00-10:00,11:00-12:00,13:00-14:00", "Mo-Fr 22:00-02:00"])
def test_other_expressions_go_to_the_advanced_box(expression):
    assert hoursform.parse(expression) is None
    values = hoursform.form_values(expression, "oh")
    assert values["oh-advanced"] == expression and not any(
        value for key, value in values.items() if key.endswith(("-from", "-to")))


def test_the_table_groups_days_with_the_same_hours_and_the_advanced_box_wins():
    values = hoursform.form_values("Mo-Fr 09:00-16:00; PH off", "oh")
    values["oh-fr-0-to"] = "13:00"
    assert hoursform.expression(values, "oh") == ("Mo-Th 09:00-16:00; Fr 09:00-13:00; PH off", None)
    values.update({"oh-sa-0-from": "10:00", "oh-sa-0-to": "12:00", "oh-ph": ""})
    assert hoursform.expression(values, "oh")[0] == "Mo-Th 09:00-16:00; Fr 09:00-13:00; Sa 10:00-12:00"
    values["oh-advanced"] = " 24/7 "
    assert hoursform.expression(values, "oh") == ("24/7", None)
    values = hoursform.form_values("", "oh")
    values["oh-tu-0-from"] = "09:00"
    assert hoursform.expression(values, "oh")[1]  # an opening time without a closing one
    values = hoursform.form_values("Mo 09:00-12:00; Tu 09:00-13:00", "oh")
    values["oh-ph"] = "normal"
    assert hoursform.expression(values, "oh")[1]  # holidays cannot follow two different days


# ----------------------------------------------------------------- in the browser

POINT = """\
id: claim-teste
kind: local-centre
name:
  pt: CLAIM de Teste
  en: Test CLAIM
  ar: مركز الاختبار
operator: Câmara Municipal de Albufeira
address: Rua de Teste, 1
municipality: Albufeira
district: Faro
coordinates:
  lat: 37.09
  lon: -8.25
phones:
- number: +351 289 599 500
  note: geral
- number: +351 289 599 501
email:
- teste@example.pt
opening_hours: Mo-Fr 09:00-16:00; PH off
closures:
- from: 2026-08-01
  to: 2026-08-15
  note:
    pt: Férias
    en: Holidays
hours:
  en: weekdays 09:00-16:00
topics:
- papers
source:
  urls:
  - https://www.example.pt/claim
  date: 2026-01
  confidence: sourced
"""


@pytest.fixture
def point_site(editor_app, tree):
    tree.write("services/claim-teste.yaml", POINT)
    runner = editor_app.test_cli_runner()
    published = runner.invoke(args=["content", "publish", "--root", str(tree.root)])
    assert published.exit_code == 0, published.output
    make_user(editor_app, "edna", "editor")
    client = editor_app.test_client()
    assert login(client, "edna").status_code == 302
    return editor_app, client


def _open(client, url):
    page = client.get(url)
    assert page.status_code == 200, page.get_data(as_text=True)[:500]
    html = page.get_data(as_text=True)
    hidden = dict(re.findall(r'name="(version|base)" value="([^"]*)"', html))
    return html, {"csrf_token": csrf_token(html), **hidden}, form_values(html)


def _tag(html: str, ident: str) -> str:
    found = re.search(r'<(?:input|select|textarea|fieldset)\b[^>]*\bid="' + re.escape(ident) + r'"[^>]*>', html)
    assert found, ident
    return found.group(0)


def test_each_kind_of_field_gets_its_widget(point_site):
    app, client = point_site
    html, _hidden, values = _open(client, "/editor/edit/service/claim-teste/pt")
    assert _tag(html, "f-kind").startswith("<select") and 'value="local-centre" selected' in html
    assert 'type="date"' in _tag(html, "f-last_confirmed")
    assert 'inputmode="decimal"' in _tag(html, "f-coordinates-lat") and values["coordinates-lat"] == "37.09"
    assert re.search(r'<fieldset[^>]*id="f-coordinates"[^>]*>\s*<legend>', html)
    assert _tag(html, "f-email").startswith("<textarea") and values["email"] == "teste@example.pt"
    assert _tag(html, "f-topics").startswith("<textarea")
    assert _tag(html, "f-notes").startswith("<textarea")  # up to 4000 characters
    assert 'type="text"' in _tag(html, "f-name") and values["name"] == "CLAIM de Teste"
    assert "en, ar" in html  # the note naming the translations of the name
    assert "Test CLAIM" not in html  # other languages are not fields here
    assert values["phones-0-number"] == "+351 289 599 500" and values["phones-1-note"] == ""
    for row in (2, 3):  # two empty rows to add phones
        assert values[f"phones-{row}-number"] == "" and f"phones-{row}-remove" not in html
    assert 'type="checkbox"' in _tag(html, "f-phones-0-remove")
    assert values["closures-0-from"] == "2026-08-01" and values["closures-0-note"] == "Férias"
    assert values["source-urls"] == "https://www.example.pt/claim" and values["source-confidence"] == "sourced"
    assert _tag(html, "f-source-confidence").startswith("<select")
    assert values["opening_hours-mo-0-from"] == "09:00" and values["opening_hours-sa-0-from"] == ""
    assert 'type="time"' in _tag(html, "f-opening_hours-fr-0-to")
    assert values["opening_hours-ph"] == "off" and values["opening_hours-advanced"] == ""
    assert "segunda-feira" in html  # weekday names in the interface language (Portuguese)
    session = client.get("/editor/edit/session/a-new-session/pt").get_data(as_text=True)
    assert 'type="checkbox"' in _tag(session, "f-skip_holidays") and "checked" in _tag(session, "f-skip_holidays")
    assert 'inputmode="numeric"' in _tag(session, "f-seats")
    assert _tag(session, "f-schedule-0-day").startswith("<select")
    assert 'type="email"' in _tag(session, "f-enrol-email")
    assert 'type="url"' in _tag(session, "f-contact-url")
    programme = client.get("/editor/edit/programme/a-new-course/pt").get_data(as_text=True)
    assert 'inputmode="numeric"' in _tag(programme, "f-units-0-hours")
    assert _tag(programme, "f-sources-0-url") and _tag(programme, "f-levels").startswith("<textarea")
    assert 'aria-describedby="h-levels' in _tag(programme, "f-levels")


def test_a_pt_edit_keeps_other_languages_and_rows_are_added_and_removed(point_site):
    app, client = point_site
    _html, hidden, values = _open(client, "/editor/edit/service/claim-teste/pt")
    values.update({"name": "CLAIM de Teste (novo)", "closures-0-note": "Férias de verão",
                   "phones-0-remove": "1", "phones-2-number": "+351 289 599 502",
                   "opening_hours-fr-0-to": "13:00"})
    response = client.post("/editor/edit/service/claim-teste/pt", data={**hidden, **values, "action": "save"})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    with app.app_context():
        saved = yaml.safe_load(drafts.open_draft(KINDS["service"], "claim-teste", "pt").text)
    assert saved["name"] == {"pt": "CLAIM de Teste (novo)", "en": "Test CLAIM", "ar": "مركز الاختبار"}
    assert saved["closures"][0]["note"] == {"pt": "Férias de verão", "en": "Holidays"}
    assert saved["hours"] == {"en": "weekdays 09:00-16:00"}
    assert [phone["number"] for phone in saved["phones"]] == ["+351 289 599 501", "+351 289 599 502"]
    assert saved["opening_hours"] == "Mo-Th 09:00-16:00; Fr 09:00-13:00; PH off"
    assert saved["coordinates"] == {"lat": 37.09, "lon": -8.25}


def test_refused_input_is_kept_and_each_error_sits_beside_its_widget(point_site):
    app, client = point_site
    _html, hidden, values = _open(client, "/editor/edit/service/claim-teste/pt")
    long_name = "Nome " + "x" * 320
    typed = {**values, "name": long_name, "last_confirmed": "2026-02-31", "phones-1-number": "12",
             "closures-0-to": "2026-07-01", "opening_hours-fr-0-from": "18:00", "opening_hours-fr-0-to": "09:00",
             "phones-3-number": "+351 289 599 503"}
    response = client.post("/editor/edit/service/claim-teste/pt", data={**hidden, **typed, "action": "save"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    kept = form_values(page)
    # the empty row between was dropped: the new phone is the third row now
    assert kept["phones-1-number"] == "12" and kept["phones-2-number"] == "+351 289 599 503"
    assert kept["name"] == long_name and kept["last_confirmed"] == "2026-02-31"
    assert kept["closures-0-to"] == "2026-07-01"
    assert (kept["opening_hours-fr-0-from"], kept["opening_hours-fr-0-to"]) == ("18:00", "09:00")
    for name in ("phones-1-number", "name", "last_confirmed", "closures-0-to"):
        assert f'id="e-{name}"' in page, name
        assert f'href="#f-{name}"' in page, name
        assert f"e-{name}" in _tag(page, f"f-{name}") and 'aria-invalid="true"' in _tag(page, f"f-{name}")
    assert 'id="e-phones-0-number"' not in page
    assert 'id="e-opening_hours"' in page and 'href="#f-opening_hours"' in page
    with app.app_context():
        assert drafts.open_draft(KINDS["service"], "claim-teste", "pt") is None


def test_half_a_time_range_is_refused_before_the_content_checks(point_site):
    app, client = point_site
    _html, hidden, values = _open(client, "/editor/edit/service/claim-teste/pt")
    values["opening_hours-sa-0-from"] = "10:00"
    response = client.post("/editor/edit/service/claim-teste/pt", data={**hidden, **values, "action": "save"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="e-opening_hours"' in page and form_values(page)["opening_hours-sa-0-from"] == "10:00"


def test_guides_get_rows_for_their_sources(editor_app, tree):
    tree.guide("nif", body="Texto.\n")
    runner = editor_app.test_cli_runner()
    assert runner.invoke(args=["content", "publish", "--root", str(tree.root)]).exit_code == 0
    make_user(editor_app, "edna", "editor")
    client = editor_app.test_client()
    assert login(client, "edna").status_code == 302
    html, hidden, values = _open(client, "/editor/edit/guide/nif/pt")
    assert "f-sources" in html and values["sources-0-url"].startswith("https://")
    assert _tag(html, "f-where_to_go").startswith("<textarea") and 'class="ed-yaml"' not in html
    values.update({"sources-1-title": "Outra fonte", "sources-1-url": "https://www.example.pt/outra"})
    assert client.post("/editor/edit/guide/nif/pt", data={**hidden, **values, "action": "save"}).status_code == 302
    with editor_app.app_context():
        text = drafts.open_draft(KINDS["guide"], "nif", "pt").text
    assert "url: https://www.example.pt/outra" in text and "Texto." in text


def test_now_is_told_from_the_composed_hours():
    values = hoursform.form_values("Mo-Fr 09:00-16:00; PH off", "oh")
    values["oh-fr-0-to"] = "13:00"
    composed = hoursform.expression(values, "oh")[0]
    friday = datetime(2026, 12, 4, 14, 0, tzinfo=opening.LISBON)
    assert opening.status("Mo-Fr 09:00-16:00; PH off", friday).state == "open"
    assert opening.status(composed, friday).state == "closed"
