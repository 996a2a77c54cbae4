"""The dashboard: states per language, filters, counts, "my work"; and the
audit log's page and CSV."""
from __future__ import annotations

import csv
import io
import re

import pytest

from portal.content.loader import load
from portal.content.publish import publish
from portal.editor import audit, dashboard
from portal.extensions import db
from tests.conftest import translation_text
from tests.editor.conftest import events, login, make_user


@pytest.fixture
def published(editor_app, tree):
    """nif: en machine-drafted, ar by a person, then the Portuguese changes
    (both outdated); health-card: en by a person and up to date."""
    tree.guide("nif", title="Pedir o NIF")
    tree.guide("health-card", title="Cartão de utente", topic="health")
    content = load(tree.root)
    nif, card = content.guides["nif"]["pt"].content_hash, content.guides["health-card"]["pt"].content_hash
    tree.guide("nif", lang="en", text=translation_text(nif, method="machine"))
    tree.guide("nif", lang="ar", text=translation_text(nif, title="NIF ar", method="human"))
    tree.guide("health-card", lang="en", text=translation_text(card, title="Health card", method="human"))
    with editor_app.app_context():
        assert publish(tree.root).published
    tree.guide("nif", title="Pedir o número de contribuinte", body="Texto novo.\n")
    with editor_app.app_context():
        assert publish(tree.root).published
    return editor_app


def cells(html: str) -> dict[tuple[str, str], str]:
    """{(slug, lang): states} of the items table (languages by column)."""
    found = {}
    table = re.search(r'<table class="ed-table ed-items">(.*?)</table>', html, re.S)
    if table is None:
        return found
    langs = re.findall(r'<th scope="col" lang="en">([a-z]+)</th>', table.group(1))
    for slug, body in re.findall(r'<tr data-kind="[a-z]+" data-slug="([^"]+)">(.*?)</tr>', table.group(1), re.S):
        for lang, cell in zip(langs, re.findall(r"<td(?: data-s=\"([^\"]*)\")?>", body), strict=True):
            if cell:
                found[(slug, lang)] = cell
    return found


def count(html: str, state: str, lang: str) -> int:
    return int(re.search(rf'<td data-state="{state}" data-lang="{lang}">(\d+)</td>', html).group(1))


def test_every_language_has_its_state(published):
    make_user(published, "eva", "editor")
    client = published.test_client()
    login(client, "eva", with_code=False)
    html = client.get("/editor/").get_data(as_text=True)
    states = cells(html)
    assert states[("nif", "pt")] == "up-to-date"
    assert states[("nif", "en")] == "outdated machine-drafted"
    assert states[("nif", "ar")] == "outdated human-reviewed"
    assert states[("nif", "hi")] == "missing"
    assert states[("health-card", "en")] == "up-to-date human-reviewed"
    assert "Pedir o número de contribuinte" in html
    assert count(html, "outdated", "en") == 1 and count(html, "up-to-date", "en") == 1
    assert count(html, "missing", "hi") == 2 and count(html, "machine-drafted", "en") == 1


def test_filters(published):
    make_user(published, "eva", "editor")
    client = published.test_client()
    login(client, "eva", with_code=False)
    only_outdated = cells(client.get("/editor/?state=outdated").get_data(as_text=True))
    assert {slug for slug, _lang in only_outdated} == {"nif"}
    by_text = cells(client.get("/editor/?q=cart%C3%A3o").get_data(as_text=True))
    assert {slug for slug, _lang in by_text} == {"health-card"}
    arabic = client.get("/editor/?lang=ar").get_data(as_text=True)
    assert {lang for _slug, lang in cells(arabic)} == {"ar"}
    assert cells(client.get("/editor/?kind=glossary").get_data(as_text=True)) == {}
    # nonsense filters are ignored, not errors
    assert client.get("/editor/?kind=<x>&state=zzz&lang=qq&page=-3").status_code == 200


def test_my_work_for_a_translator_is_its_languages_to_do(published):
    make_user(published, "tariq", "translator", {"languages": ["ar"]})
    client = published.test_client()
    login(client, "tariq", with_code=False)
    mine = cells(client.get("/editor/?mine=1").get_data(as_text=True))
    assert mine == {("nif", "ar"): "outdated human-reviewed", ("health-card", "ar"): "missing"}


def test_workflow_states_come_from_registered_sources(published, monkeypatch):
    monkeypatch.setattr(dashboard, "_workflow_sources", [])
    dashboard.register_workflow(lambda: {("guide", "nif", "pt"): ("in-review", "eva"),
                                         ("guide", "health-card", "pt"): ("changes-requested", "eva")})
    monkeypatch.setattr(dashboard, "_edit_url", [])
    dashboard.register_edit_url(lambda kind, slug, lang: f"/editor/edit/{kind}/{slug}/{lang}")
    make_user(published, "rita", "reviewer")
    make_user(published, "eva", "editor")
    reviewer, editor = published.test_client(), published.test_client()
    login(reviewer, "rita")
    login(editor, "eva", with_code=False)
    page = reviewer.get("/editor/?mine=1").get_data(as_text=True)
    assert cells(page) == {("nif", "pt"): "up-to-date in-review"}
    assert 'href="/editor/edit/guide/nif/pt"' in page
    assert cells(editor.get("/editor/?mine=1&lang=pt").get_data(as_text=True)) == {
        ("health-card", "pt"): "up-to-date changes-requested"}
    assert count(reviewer.get("/editor/").get_data(as_text=True), "in-review", "pt") == 1


def test_a_translator_gets_no_edit_link_outside_its_scope(published, monkeypatch):
    monkeypatch.setattr(dashboard, "_edit_url", [])
    dashboard.register_edit_url(lambda kind, slug, lang: f"/editor/edit/{kind}/{slug}/{lang}")
    make_user(published, "tariq", "translator", {"languages": ["ar"]})
    client = published.test_client()
    login(client, "tariq", with_code=False)
    page = client.get("/editor/").get_data(as_text=True)
    assert "/editor/edit/guide/nif/ar" in page and "/editor/edit/guide/nif/hi" not in page
    assert "/editor/edit/guide/nif/pt" not in page


def test_titles_are_escaped(editor_app, tree):
    tree.guide("xss", title='"<script>alert(1)</script>"')
    with editor_app.app_context():
        assert publish(tree.root).published
    make_user(editor_app, "eva", "editor")
    client = editor_app.test_client()
    login(client, "eva", with_code=False)
    html = client.get("/editor/").get_data(as_text=True)
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)" in html


def test_the_audit_log_page_and_its_csv(editor_app):
    make_user(editor_app)
    with editor_app.app_context():
        audit.record("import", "=cmd|calc", {"note": "+danger"})
        db.session.commit()
    client = editor_app.test_client()
    login(client)
    login(editor_app.test_client(), password="wrong password x")
    page = client.get("/editor/audit").get_data(as_text=True)
    assert 'data-action="login-failed"' in page and 'data-action="import"' in page
    filtered = client.get("/editor/audit?action=login-failed").get_data(as_text=True)
    assert 'data-action="login"' not in filtered and 'data-action="login-failed"' in filtered
    response = client.get("/editor/audit.csv")
    assert response.mimetype == "text/csv" and "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0] == ["id", "time_utc", "actor", "action", "target", "detail"]
    assert [row[3] for row in rows[1:]] == ["login-failed", "login", "import"]  # newest first
    assert rows[-1][4] == "'=cmd|calc"
    assert rows[-1][5].startswith("{")
    assert all(not cell.startswith(("=", "+", "@")) for row in rows for cell in row)
    assert events(editor_app, "login-failed")


def test_no_reader_data_reaches_the_audit_log(editor_app, client):
    """Reading, searching and failing to find things leave no audit event."""
    client.get("/pt/")
    client.get("/pt/search?q=nif")
    client.get("/api/v1/guides?lang=pt")
    assert events(editor_app) == []


def test_every_kind_is_on_the_dashboard_and_scopes_decide_the_links(courses_site, monkeypatch):
    """The real content and the example sessions: guides, glossary terms,
    service points, programmes and sessions; a coordinator of CNAIM Lisboa
    may edit that centre and the sessions held there, nothing else."""
    from portal.editor.models import AuditEvent, User

    monkeypatch.setattr(dashboard, "_edit_url", [])
    dashboard.register_edit_url(lambda kind, slug, lang: f"/editor/edit/{kind}/{slug}/{lang}")
    make_user(courses_site, "coord-lisboa", "coordinator", {"service_points": ["cnaim-lisboa"]})
    try:
        client = courses_site.test_client()
        login(client, "coord-lisboa", with_code=False)
        html = client.get("/editor/").get_data(as_text=True)
        assert re.search(r'<h2 id="items">\d+ itens</h2>', html)
        for kind in ("glossary", "service", "programme", "session"):
            page = client.get(f"/editor/?kind={kind}").get_data(as_text=True)
            assert f'<tr data-kind="{kind}"' in page, kind
        sessions = client.get("/editor/?kind=session").get_data(as_text=True)
        links = set(re.findall(r'href="/editor/edit/session/([^/]+)/pt"', sessions))
        assert links == {"lisboa-pla-a1-a2-evening", "ended-pla"}
        services = client.get("/editor/?kind=service&q=lisboa").get_data(as_text=True)
        assert set(re.findall(r'href="/editor/edit/service/([^/]+)/pt"', services)) == {"cnaim-lisboa"}
    finally:
        with courses_site.app_context():  # the site is shared: leave it as it was
            db.session.execute(db.delete(AuditEvent))
            db.session.execute(db.delete(User))
            db.session.commit()
