"""Translating records (service points) side by side in the workspace: only
the language's texts are saved, approval lays them onto the live record
(rebase), a Portuguese draft keeps translations published meanwhile, and
who may translate what."""
from __future__ import annotations

import html as html_lib
import re

import pytest
import yaml
from flask import g

from portal.content.kinds import KINDS
from portal.editor import drafts, labels
from portal.editor.models import Draft, User
from portal.extensions import db
from tests.editor.conftest import csrf_token, events, login, make_user

SERVICE = KINDS["service"]
POINT = "centro-teste"
RECORD = """\
id: centro-teste
kind: local-centre
name:
  pt: Centro de Teste
  en: Test Centre
  ar: مركز الاختبار
address: Rua de Teste 1
municipality: Albufeira
district: Faro
hours:
  pt: dias úteis, 9h-16h
services:
  pt: Apoio jurídico e emprego.
  en: Legal help and work.
  ar: مساعدة قانونية وعمل.
topics:
- papers
source:
  urls:
  - https://example.org/centro-teste
  confidence: sourced
"""
ARABIC = "مساعدة قانونية وعمل وسكن."


@pytest.fixture
def site(editor_app, tree):
    tree.write(f"services/{POINT}.yaml", RECORD)
    other = RECORD.replace("centro-teste", "centro-outro")
    tree.write("services/centro-outro.yaml", other)
    _publish(editor_app, tree)
    make_user(editor_app, "edna", "editor")
    make_user(editor_app, "rui", "reviewer")
    make_user(editor_app, "samira", "translator", {"languages": ["ar"]})
    make_user(editor_app, "carla", "coordinator", {"service_points": [POINT]})
    return editor_app


def _publish(app, tree):
    result = app.test_cli_runner().invoke(args=["content", "publish", "--root", str(tree.root)])
    assert result.exit_code == 0, result.output


def _client(app, name):
    client = app.test_client()
    assert login(client, name).status_code == 302
    return client


def _open(client, lang="ar", slug=POINT):
    page = client.get(f"/editor/edit/service/{slug}/{lang}")
    assert page.status_code == 200, page.get_data(as_text=True)[:500]
    text = page.get_data(as_text=True)
    hidden = dict(re.findall(r'name="(version|base)" value="([^"]*)"', text))
    return text, {"csrf_token": csrf_token(text), **hidden}


def _boxes(text):
    return {name: html_lib.unescape(value) for name, value in
            re.findall(r'<textarea id="f-[^"]+" name="([^"]+)"[^>]*>([^<]*)</textarea>', text)}


def _row(text, name):
    match = re.search(rf'<div class="ed-rt-row([^"]*)" id="row-{name}">(.*?)</textarea>', text, re.S)
    assert match, name
    return match.group(1), match.group(2)


def _live(app, slug=POINT):
    with app.app_context():
        return yaml.safe_load(drafts.live(SERVICE, slug, "pt")[0])


def _change_portuguese(tree, app, services="Apoio jurídico, emprego e habitação.", record=None):
    text = (record or RECORD).replace("  pt: Apoio jurídico e emprego.", f"  pt: {services}")
    tree.write(f"services/{POINT}.yaml", text)
    _publish(app, tree)
    return text


def test_arabic_translator_translates_services_reviewer_approves(site, tree):
    _change_portuguese(tree, site)
    client = _client(site, "samira")
    text, hidden = _open(client)
    assert 'lang="ar" dir="rtl"' in text
    services_class, services_row = _row(text, "services")
    assert "ed-changed" in services_class and "<ins>" in services_row and "habitação" in services_row
    name_class, _ = _row(text, "name")
    assert "ed-changed" not in name_class
    hours_class, hours_row = _row(text, "hours")
    assert "ed-rt-missing" in hours_row and "ed-changed" not in hours_class
    boxes = _boxes(text)
    assert boxes["services"] == "مساعدة قانونية وعمل." and boxes["name"] == "مركز الاختبار"
    posted = {**hidden, **boxes, "services": ARABIC, "translation": "machine-reviewed",
              # forged: facts, another language, a whole record
              "address": "Rua Falsa 9", "name_en": "Hacked", "text": RECORD.replace("Rua de Teste 1", "X"),
              "action": "submit"}
    response = client.post(f"/editor/edit/service/{POINT}/ar", data=posted)
    assert response.status_code == 302, response.get_data(as_text=True)[:800]
    with site.app_context():
        draft = drafts.open_draft(SERVICE, POINT, "ar")
        assert draft.lang == "ar" and draft.status == "in-review"
        assert drafts.workflow_states()[("service", POINT, "ar")][0] == "in-review"
        assert drafts.open_draft(SERVICE, POINT, "pt") is None
        draft_id, version = draft.id, draft.version
    assert _live(site)["services"]["ar"] == "مساعدة قانونية وعمل."  # not before approval
    reviewer = _client(site, "rui")
    page = reviewer.get(f"/editor/review/{draft_id}")
    with site.test_request_context():
        g.lang = "pt"
        changed = labels.describe("service", "services.ar")  # the field, named as the reviewer reads it
    assert page.status_code == 200 and changed in page.get_data(as_text=True)
    approved = reviewer.post(f"/editor/review/{draft_id}", data={
        "csrf_token": csrf_token(page.get_data(as_text=True)), "version": version, "action": "approve"})
    assert approved.status_code == 302
    live = _live(site)
    assert live["services"] == {"pt": "Apoio jurídico, emprego e habitação.", "en": "Legal help and work.",
                                "ar": ARABIC}
    assert live["address"] == "Rua de Teste 1" and live["name"]["en"] == "Test Centre"
    assert live["translation"] == {"ar": "machine-reviewed"}
    reader = site.test_client().get(f"/ar/services/{POINT}")
    assert reader.status_code == 200 and ARABIC in reader.get_data(as_text=True)
    with site.app_context():
        from portal.models import Guide, Translation

        arabic = db.session.execute(db.select(Translation).join(Guide).where(
            Guide.slug == POINT, Translation.lang == "ar")).scalar()
        assert arabic.current.method == "machine-reviewed" and arabic.current.author == "samira"
    # translated now: nothing marked any more
    again, _hidden = _open(client)
    assert "ed-changed" not in _row(again, "services")[0]
    assert [e[0] for e in events(site) if e[2] == f"service/{POINT}/ar"][-3:] == [
        "draft-saved", "submitted", "approved"]


def test_dashboard_links_a_language_to_its_translation_view(site):
    client = _client(site, "samira")
    page = client.get("/editor/?kind=service&lang=ar").get_data(as_text=True)
    assert f'/editor/edit/service/{POINT}/ar"' in page


def test_out_of_scope_translator_and_coordinators(site):
    client = _client(site, "samira")
    assert client.get(f"/editor/edit/service/{POINT}/hi").status_code == 403
    assert client.get(f"/editor/edit/service/{POINT}/pt").status_code == 403
    refused = [e for e in events(site, "access-refused") if e[1] == "samira"]
    assert refused and refused[0][2] == f"service/{POINT}/hi"
    # A forged POST out of scope saves nothing either.
    text, hidden = _open(client)
    assert client.post(f"/editor/edit/service/{POINT}/hi", data={**hidden, "services": "x",
                                                                  "action": "save"}).status_code == 403
    carla = _client(site, "carla")
    _open(carla, "ar")  # her own centre, in any language
    assert carla.get("/editor/edit/service/centro-outro/ar").status_code == 403
    with site.app_context():
        assert db.session.execute(db.select(Draft)).first() is None


def test_bad_text_is_refused_next_to_the_field_and_kept(site):
    client = _client(site, "samira")
    text, hidden = _open(client)
    long = "ع" * 1001
    response = client.post(f"/editor/edit/service/{POINT}/ar",
                           data={**hidden, **_boxes(text), "services": long, "translation": "human",
                                 "action": "save"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert re.search(r'aria-describedby="[^"]*e-services', page) and _boxes(page)["services"] == long
    with site.app_context():
        assert drafts.open_draft(SERVICE, POINT, "ar") is None


def test_stale_base_is_rebased_at_approval(site, tree):
    client = _client(site, "samira")
    text, hidden = _open(client)
    assert client.post(f"/editor/edit/service/{POINT}/ar", data={
        **hidden, **_boxes(text), "services": ARABIC, "translation": "human", "action": "submit"}
    ).status_code == 302
    _change_portuguese(tree, site)  # the Portuguese changes while the translation waits
    with site.app_context():
        draft = drafts.open_draft(SERVICE, POINT, "ar")
        assert draft.base_hash != drafts.live(SERVICE, POINT, "ar")[1]
        rui = db.session.execute(db.select(User).where(User.username == "rui")).scalar()
        result = drafts.approve(draft, user=rui, version=draft.version)
        assert result.published
    live = _live(site)
    assert live["services"]["pt"] == "Apoio jurídico, emprego e habitação."
    assert live["services"]["ar"] == ARABIC and live["services"]["en"] == "Legal help and work."


def test_portuguese_draft_keeps_a_translation_published_meanwhile(site):
    with site.app_context():
        edna = db.session.execute(db.select(User).where(User.username == "edna")).scalar()
        rui = db.session.execute(db.select(User).where(User.username == "rui")).scalar()
        samira = db.session.execute(db.select(User).where(User.username == "samira")).scalar()
        live_text, live_hash = drafts.live(SERVICE, POINT, "pt")
        portuguese = drafts.save(SERVICE, POINT, "pt", live_text.replace("Rua de Teste 1", "Rua Nova 2"),
                                 user=edna, version=0, base_hash=live_hash)
        arabic = drafts.save(SERVICE, POINT, "ar", drafts.with_language(
            SERVICE, live_text, "ar", {"services": ARABIC, "name": "مركز الاختبار"}, "human"),
            user=samira, version=0, base_hash=live_hash)
        assert drafts.approve(arabic, user=rui, version=arabic.version).published
        assert drafts.approve(portuguese, user=rui, version=portuguese.version).published
    live = _live(site)
    assert live["address"] == "Rua Nova 2" and live["services"]["ar"] == ARABIC


def test_portuguese_draft_changing_a_translation_published_meanwhile_conflicts(site):
    with site.app_context():
        edna = db.session.execute(db.select(User).where(User.username == "edna")).scalar()
        rui = db.session.execute(db.select(User).where(User.username == "rui")).scalar()
        live_text, live_hash = drafts.live(SERVICE, POINT, "pt")
        portuguese = drafts.save(SERVICE, POINT, "pt", live_text.replace("مساعدة قانونية وعمل.", "نص آخر"),
                                 user=edna, version=0, base_hash=live_hash)
        arabic = drafts.save(SERVICE, POINT, "ar", drafts.with_language(
            SERVICE, live_text, "ar", {"services": ARABIC, "name": "مركز الاختبار"}, "human"),
            user=rui, version=0, base_hash=live_hash)
        assert drafts.approve(arabic, user=rui, version=arabic.version).published
        with pytest.raises(drafts.Conflict, match=r"services \(ar\)"):
            drafts.approve(portuguese, user=rui, version=portuguese.version)
        db.session.rollback()
    assert _live(site)["services"]["ar"] == ARABIC


def test_saving_changes_only_the_language(site):
    """The draft's record differs from the live one only in Arabic texts,
    whatever the text handed to save says."""
    with site.app_context():
        samira = db.session.execute(db.select(User).where(User.username == "samira")).scalar()
        live_text, live_hash = drafts.live(SERVICE, POINT, "pt")
        forged = live_text.replace("Rua de Teste 1", "Rua Falsa").replace("Legal help and work.", "Hacked")
        forged = forged.replace("مساعدة قانونية وعمل.", ARABIC)
        draft = drafts.save(SERVICE, POINT, "ar", forged, user=samira, version=0, base_hash=live_hash)
        saved = yaml.safe_load(draft.text)
    expected = yaml.safe_load(live_text)
    expected["services"]["ar"] = ARABIC
    assert saved == expected


def test_a_course_programme_is_translated_the_same_way(editor_app, tree):
    from pathlib import Path

    real = Path(__file__).resolve().parents[2] / "content/courses/programmes/pla-a1-a2.yaml"
    record = yaml.safe_load(real.read_text(encoding="utf-8"))
    record.pop("guides", None)  # the guides it links to are not in this test's content
    tree.write("courses/programmes/pla-a1-a2.yaml", yaml.safe_dump(record, allow_unicode=True, sort_keys=False))
    _publish(editor_app, tree)
    make_user(editor_app, "samira", "translator", {"languages": ["ur"]})
    client = _client(editor_app, "samira")
    page = client.get("/editor/edit/programme/pla-a1-a2/ur")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    boxes = _boxes(text)
    assert 'lang="ur" dir="rtl"' in text and boxes["title"] == record["title"]["ur"]
    title = "پرتگالی بطور میزبان زبان: A1 اور A2"
    response = client.post("/editor/edit/programme/pla-a1-a2/ur", data={
        "csrf_token": csrf_token(text), "version": "0", **boxes, "title": title, "translation": "human",
        "action": "save"})
    assert response.status_code == 302
    with editor_app.app_context():
        draft = drafts.open_draft(KINDS["programme"], "pla-a1-a2", "ur")
        saved = yaml.safe_load(draft.text)
        assert saved["title"]["ur"] == title and set(saved) == set(record)
        for name in saved:
            if name != "title":
                assert saved[name] == yaml.safe_load(yaml.safe_dump(record[name])), name


def _outdated(app, slug=POINT) -> dict[str, bool]:
    from portal.models import Guide, Translation

    with app.app_context():
        rows = db.session.execute(db.select(Translation.lang, Translation.outdated_since).join(Guide).where(
            Guide.kind == "service", Guide.slug == slug)).all()
        return {lang: since is not None for lang, since in rows}


def test_a_translation_is_outdated_when_the_portuguese_of_its_texts_changes(site, tree):
    """Freshness of a record's language is told field by field: a new phone
    leaves translations up to date, new Portuguese services text outdates the
    languages that translate it until they are revised."""
    assert _outdated(site) == {"pt": False, "en": False, "ar": False}
    tree.write(f"services/{POINT}.yaml", RECORD.replace("address: Rua de Teste 1",
                                                        "address: Rua de Teste 1\nphones:\n- number: 289 000 000"))
    _publish(site, tree)
    assert _outdated(site) == {"pt": False, "en": False, "ar": False}
    _change_portuguese(tree, site, record=RECORD.replace("address: Rua de Teste 1",
                                                         "address: Rua de Teste 1\nphones:\n- number: 289 000 000"))
    assert _outdated(site) == {"pt": False, "en": True, "ar": True}
    page = _client(site, "samira").get("/editor/?kind=service&lang=ar&state=outdated").get_data(as_text=True)
    assert f"/editor/edit/service/{POINT}/ar" in page
    # the Arabic translator revises the services text: Arabic is up to date, English still is not
    client = _client(site, "samira")
    text, hidden = _open(client)
    assert client.post(f"/editor/edit/service/{POINT}/ar", data={
        **hidden, **_boxes(text), "services": ARABIC, "translation": "human", "action": "submit"}
    ).status_code == 302
    with site.app_context():
        draft = drafts.open_draft(SERVICE, POINT, "ar")
        assert drafts.approve(draft, user=db.session.get(User, draft.author_id), version=draft.version).published
    assert _outdated(site) == {"pt": False, "en": True, "ar": False}
    # a minor Portuguese edit (a typo) leaves translations as they are
    client = _client(site, "edna")
    text = client.get(f"/editor/edit/service/{POINT}/pt").get_data(as_text=True)
    from tests.editor.conftest import form_values

    values = {**form_values(text), **_open(client, "pt")[1]}
    values["services"] = values["services"].replace("emprego", "trabalho")
    assert client.post(f"/editor/edit/service/{POINT}/pt", data={**values, "minor": "1", "action": "submit"}
                       ).status_code == 302
    with site.app_context():
        draft = drafts.open_draft(SERVICE, POINT, "pt")
        reviewer = db.session.execute(db.select(User).where(User.username == "rui")).scalar()
        assert drafts.approve(draft, user=reviewer, version=draft.version).published
    assert _outdated(site) == {"pt": False, "en": True, "ar": False}
