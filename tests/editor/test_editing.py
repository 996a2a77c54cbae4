"""Editing in the browser's forms (Flask test client): schema-driven
fields, preview through the publish renderer, field errors that keep what
was typed, review with a diff, side-by-side translation, history."""
from __future__ import annotations

import re

import pytest
import yaml

from portal.content.kinds import KINDS
from portal.editor import drafts
from tests.conftest import translation_text
from tests.editor.conftest import csrf_token, events, form_values, login, make_user

BODY = "Primeiro parágrafo.\n\nVá às Finanças com o passaporte.\n"


@pytest.fixture
def site(editor_app, tree):
    tree.guide("nif", body=BODY)
    runner = editor_app.test_cli_runner()
    assert runner.invoke(args=["content", "publish", "--root", str(tree.root)]).exit_code == 0
    with editor_app.app_context():
        source_hash = drafts.live(KINDS["guide"], "nif", "pt")[1]
    tree.guide("nif", "ar", translation_text(source_hash, title="الحصول على رقم", body="فقرة أولى.\n\nاذهب.\n"))
    assert runner.invoke(args=["content", "publish", "--root", str(tree.root)]).exit_code == 0
    make_user(editor_app, "edna", "editor")
    make_user(editor_app, "rui", "reviewer")
    make_user(editor_app, "samira", "translator", {"languages": ["ar"]})
    return editor_app


def _client(app, name):
    client = app.test_client()
    assert login(client, name).status_code == 302
    return client


def _form(client, url):
    page = client.get(url)
    assert page.status_code == 200, page.get_data(as_text=True)[:300]
    html = page.get_data(as_text=True)
    hidden = dict(re.findall(r'name="(version|base)" value="([^"]*)"', html))
    return html, {"csrf_token": csrf_token(html), **hidden}


def _fields(html):
    """What the browser would submit of the edit form as it stands (text,
    hidden fields, ticked boxes, chosen options), without the buttons."""
    return form_values(html)


def test_edit_preview_escapes_and_bad_input_keeps_what_was_typed(site):
    client = _client(site, "edna")
    html, hidden = _form(client, "/editor/edit/guide/nif/pt")
    values = _fields(html)
    assert values["title"] == "Pedir o NIF" and "passaporte" in values["body"]
    typed = {**values, "title": "<script>alert(1)</script>" + "x" * 300, "last_checked": "2026-02-31",
             "topic": "no-such-topic", "body": values["body"] + "\n<script>alert(2)</script>\n"}
    response = client.post("/editor/edit/guide/nif/pt", data={**hidden, **typed, "action": "save"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)" in page  # kept, escaped
    assert 'id="e-title"' in page and 'id="e-last_checked"' in page
    with site.app_context():
        assert drafts.open_draft(KINDS["guide"], "nif", "pt") is None  # nothing saved
    preview = client.post("/editor/edit/guide/nif/pt", data={
        **hidden, **values, "body": "Texto **forte**.\n\n<script>alert(3)</script>\n", "action": "preview"})
    body = preview.get_data(as_text=True)
    assert preview.status_code == 200 and "<strong>forte</strong>" in body and "alert(3)" not in body.split(
        'class="ed-preview-body"')[1].split("</section>")[0].replace("&lt;script&gt;alert(3)", "")


def test_missing_csrf_token_saves_nothing(site):
    client = _client(site, "edna")
    html, hidden = _form(client, "/editor/edit/guide/nif/pt")
    data = {**_fields(html), "version": hidden["version"], "base": hidden["base"], "action": "save"}
    assert client.post("/editor/edit/guide/nif/pt", data=data).status_code == 400
    with site.app_context():
        assert drafts.open_draft(KINDS["guide"], "nif", "pt") is None


def test_translator_of_arabic_cannot_edit_hindi(site):
    client = _client(site, "samira")
    assert client.get("/editor/edit/guide/nif/hi").status_code == 403
    assert ("access-refused", "samira", "guide/nif/hi") in [e[:3] for e in events(site)]


def test_review_approve_then_translation_highlights_the_changed_paragraph(site):
    edna = _client(site, "edna")
    html, hidden = _form(edna, "/editor/edit/guide/nif/pt")
    values = _fields(html)
    values["body"] = values["body"].replace("com o passaporte", "com o passaporte ou o título de residência")
    response = edna.post("/editor/edit/guide/nif/pt", data={**hidden, **values, "comment": "Outro documento",
                                                            "action": "submit"})
    assert response.status_code == 302
    with site.app_context():
        draft = drafts.open_draft(KINDS["guide"], "nif", "pt")
        assert draft.status == "in-review"
        draft_id = draft.id
    rui = _client(site, "rui")
    review = rui.get(f"/editor/review/{draft_id}").get_data(as_text=True)
    assert "<del>passaporte.</del><ins>passaporte ou o título de residência.</ins>" in review
    token, version = csrf_token(review), re.search(r'name="version" value="(\d+)"', review).group(1)
    assert rui.post(f"/editor/review/{draft_id}", data={"csrf_token": token, "version": version,
                                                        "action": "approve"}).status_code == 302
    assert "título de residência" in site.test_client().get("/pt/guides/nif").get_data(as_text=True)
    samira = _client(site, "samira")
    html, hidden = _form(samira, "/editor/edit/guide/nif/ar")
    assert html.count('class="ed-changed"') == 1 and "<ins>" in html
    values = _fields(html)
    values["body"] = "فقرة أولى.\n\nاذهب إلى المالية مع جواز السفر أو بطاقة الإقامة.\n"
    response = samira.post("/editor/edit/guide/nif/ar", data={**hidden, **values, "translation": "human",
                                                              "action": "submit"})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    with site.app_context():
        draft = drafts.open_draft(KINDS["guide"], "nif", "ar")
        result = drafts.approve(draft, user=None, version=draft.version)
        assert result.published, [str(p) for p in result.problems]
    html, _hidden = _form(samira, "/editor/edit/guide/nif/ar")
    assert 'class="ed-changed"' not in html  # no longer outdated
    history = rui.get("/editor/history/guide/nif/pt").get_data(as_text=True)
    assert "Outro documento" in history and "aprovado por rui" in history and "<ins>" in history
    actions = [e[0] for e in events(site)]
    for step in ("draft-saved", "submitted", "approved", "published"):
        assert step in actions


def test_coordinator_publishes_allowed_fields_and_sends_the_rest_to_review(editor_app, tree):
    from pathlib import Path

    real = Path(__file__).resolve().parents[2] / "content/services/claim-albufeira.yaml"
    text = real.read_text(encoding="utf-8")
    text = text.replace("- residence\n", "- papers\n").replace("- education\n", "")
    tree.write("services/claim-albufeira.yaml", text)
    runner = editor_app.test_cli_runner()
    published = runner.invoke(args=["content", "publish", "--root", str(tree.root)])
    assert published.exit_code == 0, published.output
    made = runner.invoke(args=["users", "create", "carla", "--role", "coordinator",
                               "--service-points", "claim-albufeira", "--publish-fields", "opening_hours,closures"])
    assert made.exit_code == 0, made.output
    with editor_app.app_context():
        from portal.editor import accounts
        from portal.extensions import db
        from tests.editor.conftest import PASSWORD

        carla = accounts.find("carla")
        accounts.set_password(carla, PASSWORD)
        db.session.commit()
        assert carla.scope["publish_fields"] == ["closures", "opening_hours"]
    client = editor_app.test_client()
    assert login(client, "carla", with_code=False).status_code == 302
    assert client.get("/editor/edit/service/claim-other/pt").status_code == 403
    html, hidden = _form(client, "/editor/edit/service/claim-albufeira/pt")
    values = _fields(html)
    assert (values["opening_hours-fr-0-from"], values["opening_hours-fr-0-to"]) == ("09:00", "16:00")
    assert values["opening_hours-ph"] == "off" and values["opening_hours-advanced"] == ""
    values["opening_hours-fr-0-to"] = "13:00"  # the Friday row of the table
    response = client.post("/editor/edit/service/claim-albufeira/pt", data={**hidden, **values, "action": "publish"})
    assert response.status_code == 302
    with editor_app.app_context():
        live = drafts.live(KINDS["service"], "claim-albufeira", "pt")[0]
        assert "opening_hours: Mo-Th 09:00-16:00; Fr 09:00-13:00; PH off\n" in live
        assert "weekdays 09:00-16:00" in live  # the English hours text is kept
    html, hidden = _form(client, "/editor/edit/service/claim-albufeira/pt")
    values = _fields(html)
    assert values["closures-0-from"] == "" and "closures-0-was" not in values  # an empty row to add one
    values.update({"closures-0-from": "2026-12-24", "closures-0-to": "2026-12-26"})
    response = client.post("/editor/edit/service/claim-albufeira/pt", data={**hidden, **values, "action": "publish"})
    assert response.status_code == 302  # closures are also hers to publish
    with editor_app.app_context():
        live = yaml.safe_load(drafts.live(KINDS["service"], "claim-albufeira", "pt")[0])
        assert [(str(c["from"]), str(c["to"])) for c in live["closures"]] == [("2026-12-24", "2026-12-26")]
    html, hidden = _form(client, "/editor/edit/service/claim-albufeira/pt")
    values = _fields(html)
    assert values["closures-0-to"] == "2026-12-26" and values["closures-0-was"] == "0"
    bad = {**values, "opening_hours-advanced": "Mo-Fr 25:00-26:00"}
    refused = client.post("/editor/edit/service/claim-albufeira/pt", data={**hidden, **bad, "action": "publish"})
    assert refused.status_code == 422 and 'value="Mo-Fr 25:00-26:00"' in refused.get_data(as_text=True)
    assert 'id="e-opening_hours"' in refused.get_data(as_text=True)
    values["address"] = "Outra rua"
    client.post("/editor/edit/service/claim-albufeira/pt", data={**hidden, **values, "action": "publish"})
    with editor_app.app_context():
        assert drafts.open_draft(KINDS["service"], "claim-albufeira", "pt").status == "in-review"
        assert "Outra rua" not in drafts.live(KINDS["service"], "claim-albufeira", "pt")[0]


def test_new_guide_from_the_workspace_and_scope_of_new_entries(site):
    client = _client(site, "edna")
    assert client.get("/editor/new?kind=guide&slug=Bad Slug").status_code == 422
    assert client.get("/editor/new?kind=guide&slug=nif").status_code == 422  # taken
    assert client.get("/editor/new?kind=guide&slug=bank-account").status_code == 302
    html, hidden = _form(client, "/editor/edit/guide/bank-account/pt")
    values = {"title": "Abrir uma conta no banco", "summary": "Um resumo.", "topic": "papers",
              "last_checked": "2026-11-27", "cost": "Gratuito.", "duration": "Um dia.",
              "sources-0-title": "Banco de Portugal", "sources-0-url": "https://www.bportal.pt/",
              "body": "Texto do guia.\n"}
    response = client.post("/editor/edit/guide/bank-account/pt", data={**hidden, **values, "action": "submit"})
    assert response.status_code == 302, response.get_data(as_text=True)[:1500]
    with site.app_context():
        draft = drafts.open_draft(KINDS["guide"], "bank-account", "pt")
        assert draft.base_hash is None
        result = drafts.approve(draft, user=None, version=draft.version)
        assert result.published, [str(p) for p in result.problems]
    assert "Texto do guia." in site.test_client().get("/pt/guides/bank-account").get_data(as_text=True)
    translator = _client(site, "samira")
    assert translator.get("/editor/edit/guide/another-one/pt").status_code == 403


def test_two_editors_saving_the_same_guide_the_second_gets_a_conflict_with_a_diff(site):
    first, second = _client(site, "edna"), _client(site, "rui")
    html_a, hidden_a = _form(first, "/editor/edit/guide/nif/pt")
    html_b, hidden_b = _form(second, "/editor/edit/guide/nif/pt")
    values = _fields(html_a)
    saved = first.post("/editor/edit/guide/nif/pt", data={
        **hidden_a, **values, "body": values["body"].replace("Primeiro", "Um primeiro"), "action": "save"})
    assert saved.status_code == 302
    late = second.post("/editor/edit/guide/nif/pt", data={
        **hidden_b, **values, "body": values["body"].replace("passaporte", "cartão"), "action": "save"})
    page = late.get_data(as_text=True)
    assert late.status_code == 409 and 'id="conflict"' in page
    assert "<del>cartão.</del>" in page or "<ins>cartão.</ins>" in page
    assert "cartão" in _fields(page)["body"]  # what the second editor typed is kept
    with site.app_context():
        assert "Um primeiro" in drafts.open_draft(KINDS["guide"], "nif", "pt").text
