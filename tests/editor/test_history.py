"""History of records (service points, programmes) in every language,
field by field, and restoring a revision as a draft."""
from __future__ import annotations

import re

import pytest
import yaml

from portal.content.kinds import KINDS
from portal.editor import diffs, drafts
from portal.editor.models import Draft
from portal.extensions import db
from tests.editor.conftest import csrf_token, events, login, make_user

SERVICE = KINDS["service"]

POINT = """\
id: centro-teste
kind: local-centre
name:
  pt: Centro de teste
  en: Test centre
operator: Operador de teste
address: Rua de teste, 1
municipality: Lisboa
district: Lisboa
phones:
- number: 210 000 001
- number: 910 000 002
hours:
  en: weekdays 09:00-16:00
services:
  pt: atendimento de teste
  en: test help desk
topics:
- papers
source:
  urls:
  - https://example.org/centro-teste
  confidence: sourced
"""


def _publish(app, tree):
    result = app.test_cli_runner().invoke(args=["content", "publish", "--root", str(tree.root)])
    assert result.exit_code == 0, result.output


@pytest.fixture
def point(editor_app, tree):
    tree.write("services/centro-teste.yaml", POINT)
    _publish(editor_app, tree)
    tree.write("services/centro-teste.yaml", POINT.replace("910 000 002", "910 000 009"))
    _publish(editor_app, tree)
    make_user(editor_app, "rui", "reviewer")
    make_user(editor_app, "carla", "coordinator", {"service_points": ["centro-teste"]})
    make_user(editor_app, "tina", "translator", {"languages": ["en"]})
    return editor_app


ROW = re.compile(r'<tr><th scope="row">([^<]+)</th><td class="ed-diff">(.*?)</td></tr>', re.S)


def _changes(html: str) -> list[tuple[str, str]]:
    """(field as shown, diff) of the comparison table."""
    return ROW.findall(html)


def _client(app, name, with_code=True):
    client = app.test_client()
    assert login(client, name, with_code=with_code).status_code == 302
    return client


def test_field_diff_names_the_changed_item_of_a_list():
    old = {"phones": [{"number": "1"}, {"number": "2", "label": "geral"}], "name": {"pt": "A"}}
    new = {"phones": [{"number": "0"}, {"number": "1"}, {"number": "3", "label": "geral"}], "name": {"pt": "A"}}
    changes = {c.field: (c.old, c.new) for c in diffs.field_diff(old, new)}
    # one phone added in front, one number changed: not every phone "changed"
    assert changes == {"phones[0].number": (None, "0"), "phones[2].number": ("2", "3")}
    removed = {c.field: (c.old, c.new) for c in diffs.field_diff({"closures": [{"date": "x"}]}, {})}
    assert removed == {"closures[0].date": ("x", None)}


def test_history_of_a_service_point_compares_facts_field_by_field(point):
    client = _client(point, "rui")
    page = client.get("/editor/history/service/centro-teste/pt")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert html.count('name="number" value="') == 2  # two revisions, both restorable
    # one row: the second phone's number, named for people, not as a path
    [(field, diff)] = _changes(html)
    assert diff == "910 000 <del>002</del><ins>009</ins>"
    assert "2" in field and "phones[1]" not in field
    # the language switcher: pt and en, each with its own history
    assert 'id="history-pt"' in html and 'id="history-en"' in html and 'id="history-ar"' not in html
    english = client.get("/editor/history/service/centro-teste/en").get_data(as_text=True)
    # a new English revision follows each Portuguese one (it names its source), with no text change
    assert english.count('name="number" value="') == 2 and not _changes(english)


def test_restoring_a_service_point_makes_a_draft_and_approving_publishes_it(point):
    client = _client(point, "rui")
    page = client.get("/editor/history/service/centro-teste/pt").get_data(as_text=True)
    response = client.post("/editor/history/service/centro-teste/pt",
                           data={"csrf_token": csrf_token(page), "number": "1"})
    assert response.status_code == 302 and "/editor/edit/service/centro-teste/pt" in response.headers["Location"]
    with point.app_context():
        draft = drafts.open_draft(SERVICE, "centro-teste", "pt")
        assert draft.status == "draft" and draft.author == "rui"
        record = yaml.safe_load(draft.text)
        assert [p["number"] for p in record["phones"]] == ["210 000 001", "910 000 002"]
        assert record["name"] == {"pt": "Centro de teste", "en": "Test centre"}
        assert record["services"] == {"pt": "atendimento de teste", "en": "test help desk"}
        assert record["hours"] == {"en": "weekdays 09:00-16:00"}
        # never published by restoring
        assert "910 000 009" in drafts.live(SERVICE, "centro-teste", "pt")[0]
        result = drafts.approve(draft, user=None, version=draft.version)
        assert result.published, [str(p) for p in result.problems]
        assert "910 000 002" in drafts.live(SERVICE, "centro-teste", "pt")[0]
    assert ("restored", "rui", "service/centro-teste/pt") in [e[:3] for e in events(point)]
    assert events(point, "restored")[-1][3] == {"revision": 1}
    html = client.get("/editor/history/service/centro-teste/pt").get_data(as_text=True)
    assert html.count('name="number" value="') == 3


def test_restoring_one_language_keeps_the_facts_and_the_other_languages(point, tree):
    tree.write("services/centro-teste.yaml", POINT.replace("910 000 002", "910 000 009")
               .replace("en: test help desk", "en: help desk for tests").replace("atendimento de teste",
                                                                                 "atendimento geral"))
    _publish(point, tree)
    tina = _client(point, "tina", with_code=False)
    html = tina.get("/editor/history/service/centro-teste/en").get_data(as_text=True)
    assert [diff for _field, diff in _changes(html)] == ["<del>test </del>help desk<ins> for tests</ins>"]
    assert tina.post("/editor/history/service/centro-teste/en",
                     data={"csrf_token": csrf_token(html), "number": "1"}).status_code == 302
    with point.app_context():
        # a draft of the English translation (the whole record, only English as it was)
        assert drafts.open_draft(SERVICE, "centro-teste", "pt") is None
        record = yaml.safe_load(drafts.open_draft(SERVICE, "centro-teste", "en").text)
        assert record["services"] == {"pt": "atendimento geral", "en": "test help desk"}
        assert [p["number"] for p in record["phones"]] == ["210 000 001", "910 000 009"]
    # a translator restores only its languages
    page = tina.get("/editor/history/service/centro-teste/pt").get_data(as_text=True)
    assert 'name="number"' not in page
    assert tina.post("/editor/history/service/centro-teste/pt",
                     data={"csrf_token": csrf_token(html), "number": "1"}).status_code == 403


def test_a_coordinator_restores_its_own_centre_only(point, tree):
    tree.write("services/outro-centro.yaml", POINT.replace("centro-teste", "outro-centro"))
    _publish(point, tree)
    carla = _client(point, "carla", with_code=False)
    page = carla.get("/editor/history/service/centro-teste/pt").get_data(as_text=True)
    assert carla.post("/editor/history/service/centro-teste/pt",
                      data={"csrf_token": csrf_token(page), "number": "1"}).status_code == 302
    assert carla.post("/editor/history/service/outro-centro/pt",
                      data={"csrf_token": csrf_token(page), "number": "1"}).status_code == 403
    with point.app_context():
        assert db.session.execute(db.select(db.func.count(Draft.id))).scalar() == 1


def test_history_of_a_programme_in_english(editor_app, tree):
    from pathlib import Path

    real = Path(__file__).resolve().parents[2] / "content/courses/programmes/pla-a1-a2.yaml"
    text = re.sub(r"^guides: .*\n", "", real.read_text(encoding="utf-8"), flags=re.M)  # no guides here
    tree.write("courses/programmes/pla-a1-a2.yaml", text)
    _publish(editor_app, tree)
    english = re.search(r'^  en: "Portuguese course for migrants[^\n]*$', text, re.M).group(0)
    tree.write("courses/programmes/pla-a1-a2.yaml",
               text.replace(english, english.replace("Portuguese course", "A Portuguese course")))
    _publish(editor_app, tree)
    make_user(editor_app, "rui", "reviewer")
    client = _client(editor_app, "rui")
    html = client.get("/editor/history/programme/pla-a1-a2/en").get_data(as_text=True)
    [(_field, diff)] = _changes(html)
    assert diff.startswith("<ins>A </ins>Portuguese course")
    pt = client.get("/editor/history/programme/pla-a1-a2/pt").get_data(as_text=True)
    assert pt.count('name="number" value="') == 1  # the Portuguese did not change


def test_a_restore_never_replaces_a_draft_saved_after_the_page_was_opened(point):
    client = _client(point, "rui")
    page = client.get("/editor/history/service/centro-teste/pt").get_data(as_text=True)
    assert 'id="open-draft"' not in page
    with point.app_context():  # someone saves a draft meanwhile
        live, digest = drafts.live(SERVICE, "centro-teste", "pt")
        drafts.save(SERVICE, "centro-teste", "pt", live.replace("Rua de teste, 1", "Rua nova, 2"), user=None,
                    version=0, base_hash=digest)
    response = client.post("/editor/history/service/centro-teste/pt",
                           data={"csrf_token": csrf_token(page), "number": "1", "version": "0"})
    assert response.status_code == 302 and "/editor/history/" in response.headers["Location"]
    with point.app_context():
        assert "Rua nova, 2" in drafts.open_draft(SERVICE, "centro-teste", "pt").text
    assert not events(point, "restored")
    again = client.get("/editor/history/service/centro-teste/pt").get_data(as_text=True)
    assert 'id="open-draft"' in again and 'name="version" value="1"' in again
