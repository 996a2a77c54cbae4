"""Discarding a draft: a confirmation without script, the version check,
who may, and what is left afterwards."""
from __future__ import annotations

import re

import pytest

from portal.content.kinds import KINDS
from portal.editor import drafts
from portal.editor.models import Draft
from portal.extensions import db
from tests.editor.conftest import csrf_token, events, login, make_user
from tests.editor.test_editing import _fields, _form

GUIDE = KINDS["guide"]


@pytest.fixture
def site(editor_app, tree):
    tree.guide("nif", body="Primeiro parágrafo.\n\nVá às Finanças com o passaporte.\n")
    runner = editor_app.test_cli_runner()
    assert runner.invoke(args=["content", "publish", "--root", str(tree.root)]).exit_code == 0
    make_user(editor_app, "edna", "editor")
    make_user(editor_app, "eli", "editor")
    make_user(editor_app, "samira", "translator", {"languages": ["ar"]})
    return editor_app


def _client(app, name):
    client = app.test_client()
    assert login(client, name).status_code == 302
    return client


def _save_draft(client):
    html, hidden = _form(client, "/editor/edit/guide/nif/pt")
    values = _fields(html)
    values["body"] = values["body"].replace("passaporte", "cartão de cidadão")
    assert client.post("/editor/edit/guide/nif/pt", data={**hidden, **values, "action": "save"}).status_code == 302


def _discard_form(html):
    form = re.search(r'<form method="post" action="(/editor/discard/\d+)"[^>]*>(.*?)</form>', html, re.S)
    assert form, "no discard form on the page"
    version = re.search(r'name="version" value="(\d+)"', form.group(2)).group(1)
    return form.group(1), {"csrf_token": csrf_token(html), "version": version}


def test_discard_needs_the_confirmation_then_the_live_text_opens_again(site):
    edna = _client(site, "edna")
    _save_draft(edna)
    page = edna.get("/editor/edit/guide/nif/pt").get_data(as_text=True)
    assert _fields(page)["body"].count("cartão de cidadão") == 1
    url, data = _discard_form(page)
    unconfirmed = edna.post(url, data=data)  # no tick: asked again, nothing discarded
    assert unconfirmed.status_code == 422 and 'id="discard-error"' in unconfirmed.get_data(as_text=True)
    with site.app_context():
        assert drafts.open_draft(GUIDE, "nif", "pt") is not None
    response = edna.post(url, data={**data, "confirm": "yes"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/editor/edit/guide/nif/pt")
    page = edna.get("/editor/edit/guide/nif/pt").get_data(as_text=True)
    assert "passaporte" in _fields(page)["body"] and 'action="/editor/discard/' not in page
    with site.app_context():
        assert drafts.open_draft(GUIDE, "nif", "pt") is None
        assert db.session.execute(db.select(Draft.status)).scalar() == "discarded"
        assert drafts.workflow_states() == {}  # the dashboard shows no draft state
    assert ("draft-discarded", "edna", "guide/nif/pt") in [e[:3] for e in events(site)]


def test_a_stale_discard_is_refused_and_keeps_the_newer_draft(site):
    edna, eli = _client(site, "edna"), _client(site, "eli")
    _save_draft(edna)
    url, data = _discard_form(eli.get("/editor/edit/guide/nif/pt").get_data(as_text=True))
    html, hidden = _form(edna, "/editor/edit/guide/nif/pt")  # edna saves again meanwhile
    values = _fields(html)
    values["title"] = "Pedir o NIF hoje"
    assert edna.post("/editor/edit/guide/nif/pt", data={**hidden, **values, "action": "save"}).status_code == 302
    late = eli.post(url, data={**data, "confirm": "yes"})
    assert late.status_code == 409
    with site.app_context():
        draft = drafts.open_draft(GUIDE, "nif", "pt")
        assert draft is not None and "Pedir o NIF hoje" in draft.text and "cartão de cidadão" in draft.text
    assert not events(site, "draft-discarded")
    # the page offers the current version to discard, after a look
    again = late.get_data(as_text=True)
    assert re.search(r'name="version" value="(\d+)"', again).group(1) == str(int(data["version"]) + 1)


def test_the_review_page_offers_discard_and_others_may_not(site):
    edna = _client(site, "edna")
    _save_draft(edna)
    with site.app_context():
        draft_id = drafts.open_draft(GUIDE, "nif", "pt").id
    review = edna.get(f"/editor/review/{draft_id}").get_data(as_text=True)
    url, data = _discard_form(review)
    samira = _client(site, "samira")  # a translator of Arabic: not its draft, not its language
    page = samira.get(f"/editor/review/{draft_id}").get_data(as_text=True)
    assert 'action="/editor/discard/' not in page
    token = csrf_token(samira.get("/editor/account").get_data(as_text=True))
    assert samira.post(url, data={**data, "csrf_token": token, "confirm": "yes"}).status_code == 403
    assert ("access-refused", "samira", "guide/nif/pt") in [e[:3] for e in events(site)]
    assert edna.post(url, data={"version": data["version"], "confirm": "yes"}).status_code == 400  # no token
    with site.app_context():
        assert drafts.open_draft(GUIDE, "nif", "pt") is not None
    assert edna.post(url, data={**data, "confirm": "yes"}).status_code == 302
