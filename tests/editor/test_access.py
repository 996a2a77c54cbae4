"""Who may do what: roles, scopes, and refusals (403 and an audit entry)."""
from __future__ import annotations

from datetime import date

import pytest

from portal.editor import accounts
from portal.editor.access import can, editor_required, require
from portal.extensions import db
from portal.models import Guide
from tests.editor.conftest import events, login, make_user


@pytest.fixture
def people(editor_app):
    """One account per role, and two published course sessions."""
    with editor_app.app_context():
        for slug, programme, place in (("pla-lisboa", "pla", "cnaim-lisboa"), ("pla-porto", "pla", "cnaim-porto"),
                                      ("pt-acolhimento-faro", "pt-acolhimento", "cnaim-faro")):
            db.session.add(Guide(kind="session", slug=slug, last_checked=date(2026, 11, 1),
                                 facts={"programme": programme, "place": place}))
        db.session.commit()
    make_user(editor_app, "admin", "admin")
    make_user(editor_app, "eva", "editor")
    make_user(editor_app, "rita", "reviewer")
    make_user(editor_app, "tariq", "translator", {"languages": ["ar"]})
    make_user(editor_app, "coord", "coordinator", {"service_points": ["cnaim-lisboa"]})
    make_user(editor_app, "prov", "provider", {"programmes": ["pla"], "places": ["cnaim-porto"]})
    make_user(editor_app, "anyplace", "provider", {"programmes": ["pla"]})
    return ("admin", "eva", "rita", "tariq", "coord", "prov", "anyplace")


@pytest.fixture
def users(editor_app, people):
    """The accounts, inside an application context (not for requests: they
    would share its ``g``)."""
    with editor_app.app_context():
        yield {name: accounts.find(name) for name in people}


def test_roles(editor_app, users):
    p = users
    assert all(can(p[name], "view", "guide", "nif") for name in p)
    assert can(p["admin"], "admin", "workspace", None)
    assert not any(can(p[name], "admin", "workspace", None) for name in p if name != "admin")
    assert can(p["eva"], "edit", "guide", "nif", "pt") and not can(p["eva"], "publish", "guide", "nif", "pt")
    assert can(p["rita"], "review", "guide", "nif", "pt") and can(p["rita"], "publish", "service", "x")
    assert not can(None, "view", "guide", "nif")
    with pytest.raises(ValueError):
        can(p["admin"], "delete", "guide", "nif")


def test_a_translator_edits_only_its_languages_and_never_the_source(editor_app, users):
    tariq = users["tariq"]
    assert can(tariq, "edit", "guide", "nif", "ar")
    assert not can(tariq, "edit", "guide", "nif", "hi")
    assert not can(tariq, "edit", "guide", "nif", "pt")
    assert not can(tariq, "edit", "guide", "nif")
    assert not can(tariq, "review", "guide", "nif", "ar")


def test_a_coordinator_edits_its_centre_and_the_sessions_held_there(editor_app, users):
    coord = users["coord"]
    assert can(coord, "edit", "service", "cnaim-lisboa", "pt")
    assert not can(coord, "edit", "service", "cnaim-porto", "pt")
    assert can(coord, "edit", "session", "pla-lisboa")
    assert not can(coord, "edit", "session", "pla-porto")
    assert not can(coord, "edit", "guide", "nif", "pt")
    # a new session at its centre, or moving one away from it
    assert can(coord, "edit", "session", None, fields={"programme": "pla", "place": "cnaim-lisboa"})
    assert not can(coord, "edit", "session", None, fields={"programme": "pla", "place": "cnaim-porto"})
    assert not can(coord, "edit", "session", "pla-lisboa", fields={"programme": "pla", "place": "cnaim-porto"})


def test_a_course_provider_edits_its_programmes_sessions_at_its_places(editor_app, users):
    prov, anyplace = users["prov"], users["anyplace"]
    assert can(prov, "edit", "session", "pla-porto")
    assert not can(prov, "edit", "session", "pla-lisboa")  # another place
    assert not can(prov, "edit", "session", "pt-acolhimento-faro")  # another programme
    assert not can(prov, "edit", "programme", "pla", "pt")
    assert not can(prov, "edit", "service", "cnaim-porto", "pt")
    assert can(anyplace, "edit", "session", "pla-lisboa") and can(anyplace, "edit", "session", "pla-porto")
    assert not can(anyplace, "edit", "session", "pt-acolhimento-faro")


def test_a_disabled_account_may_do_nothing(editor_app, users):
    users["admin"].disabled = True
    assert not can(users["admin"], "view", "guide", "nif")


@pytest.fixture
def probe(editor_app):
    """A view that requires editing ``kind/slug/lang``, as the editing pages do."""
    @editor_required
    def edit(kind, slug, lang):
        require("edit", kind, slug, lang)
        return "ok"

    editor_app.add_url_rule("/editor/probe/<kind>/<slug>/<lang>", "probe", edit, methods=["GET", "POST"])
    return editor_app


def test_out_of_scope_access_is_403_and_audited(probe, people):
    client = probe.test_client()
    assert login(client, "tariq", with_code=False).status_code == 302
    assert client.get("/editor/probe/guide/nif/ar").status_code == 200
    assert client.get("/editor/probe/guide/nif/hi").status_code == 403
    coordinator = probe.test_client()
    login(coordinator, "coord", with_code=False)
    assert coordinator.get("/editor/probe/service/cnaim-lisboa/pt").status_code == 200
    assert coordinator.get("/editor/probe/service/cnaim-porto/pt").status_code == 403
    refused = [(actor, target, detail["action"]) for _a, actor, target, detail in events(probe, "access-refused")]
    assert refused == [("tariq", "guide/nif/hi", "edit"), ("coord", "service/cnaim-porto/pt", "edit")]


def test_admin_pages_refuse_others_with_an_audit_entry(editor_app, people):
    client = editor_app.test_client()
    login(client, "eva", with_code=False)
    for url in ("/editor/audit", "/editor/audit.csv", "/editor/users", "/editor/users/1"):
        assert client.get(url).status_code == 403, url
    assert len(events(editor_app, "access-refused")) == 4


def test_an_admin_changes_a_role_on_the_web_and_the_persons_sessions_end(editor_app, people):
    import re

    from tests.editor.conftest import csrf_token

    tariq = editor_app.test_client()
    login(tariq, "tariq", with_code=False)
    admin = editor_app.test_client()
    assert login(admin, "admin").status_code == 302
    with editor_app.app_context():
        user_id = accounts.find("tariq").id
        own_id = accounts.find("admin").id
    page = admin.get(f"/editor/users/{user_id}").get_data(as_text=True)
    form = {"csrf_token": csrf_token(page), "role": "translator", "languages": "ar, ur", "enabled": "y"}
    assert admin.post(f"/editor/users/{user_id}", data=form).status_code == 302
    assert tariq.get("/editor/").status_code == 302  # logged out
    changed = events(editor_app, "role-changed")[-1]
    assert changed[1:3] == ("admin", "user/tariq")
    assert changed[3]["after"] == {"role": "translator", "scope": {"languages": ["ar", "ur"]}}
    # a scoped role without its scope is refused, with what was typed kept
    bad = admin.post(f"/editor/users/{user_id}", data={**form, "languages": "xx"})
    assert bad.status_code == 200 and 'value="xx"' in bad.get_data(as_text=True)
    # a one-time link for the person
    linked = admin.post(f"/editor/users/{user_id}", data={**form, "reset": "1"}).get_data(as_text=True)
    assert re.search(r'id="reset-link">/editor/reset/[\w-]+<', linked)
    # an admin cannot lock themselves out
    page = admin.get(f"/editor/users/{own_id}").get_data(as_text=True)
    response = admin.post(f"/editor/users/{own_id}", data={"csrf_token": csrf_token(page), "role": "admin"})
    assert response.status_code == 200
    demoted = admin.post(f"/editor/users/{own_id}", data={"csrf_token": csrf_token(page), "role": "editor",
                                                          "enabled": "y"})
    assert demoted.status_code == 200
    assert admin.get("/editor/").status_code == 200 and admin.get("/editor/users").status_code == 200
