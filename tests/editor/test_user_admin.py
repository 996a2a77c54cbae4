"""Accounts made by an administrator in the browser: a one-time link, no
password typed; scopes chosen among the published items."""
from __future__ import annotations

import re

import pytest

from portal.editor import accounts
from portal.extensions import db
from tests.editor.conftest import csrf_token, events, login, make_user
from tests.editor.test_history import POINT


@pytest.fixture
def site(editor_app, tree):
    tree.write("services/centro-teste.yaml", POINT)
    result = editor_app.test_cli_runner().invoke(args=["content", "publish", "--root", str(tree.root)])
    assert result.exit_code == 0, result.output
    make_user(editor_app, "ana", "admin")
    make_user(editor_app, "eva", "editor")
    return editor_app


def _admin(app):
    client = app.test_client()
    assert login(client, "ana").status_code == 302
    return client


def test_an_admin_creates_an_account_and_hands_over_a_link(site):
    admin = _admin(site)
    assert 'href="/editor/users/new"' in admin.get("/editor/users").get_data(as_text=True)
    page = admin.get("/editor/users/new").get_data(as_text=True)
    assert 'name="password"' not in page
    assert '<option value="centro-teste">Centro de teste (centro-teste)</option>' in page
    response = admin.post("/editor/users/new", data={
        "csrf_token": csrf_token(page), "username": "Carla", "email": "carla@example.org",
        "role": "coordinator", "service_points": ["centro-teste"]})
    assert response.status_code == 200
    link = re.search(r'id="reset-link">([^<]+)<', response.get_data(as_text=True)).group(1)
    token = link.rsplit("/editor/reset/", 1)[1]
    with site.app_context():
        user = accounts.find("carla")
        assert user.role == "coordinator" and user.scope == {"service_points": ["centro-teste"]}
        assert user.email == "carla@example.org" and user.password_hash is None
        assert accounts.user_for_reset(token).id == user.id
    created = events(site, "user-created")
    assert created == [("user-created", "ana", "user/carla",
                        {"role": "coordinator", "scope": {"service_points": ["centro-teste"]}})]
    # the person sets a password with the link, then logs in
    person = site.test_client()
    form = person.get(f"/editor/reset/{token}").get_data(as_text=True)
    new_password = "a long enough new password"
    assert person.post(f"/editor/reset/{token}", data={"csrf_token": csrf_token(form), "password": new_password,
                                                       "confirm": new_password}).status_code == 302
    assert login(person, "carla", password=new_password, with_code=False).status_code == 302


def test_a_new_reviewer_must_set_up_a_second_factor_at_first_login(site):
    admin = _admin(site)
    page = admin.get("/editor/users/new").get_data(as_text=True)
    response = admin.post("/editor/users/new", data={"csrf_token": csrf_token(page), "username": "rui",
                                                     "role": "reviewer"})
    token = re.search(r'id="reset-link">[^<]*/editor/reset/([^<]+)<', response.get_data(as_text=True)).group(1)
    person = site.test_client()
    form = person.get(f"/editor/reset/{token}").get_data(as_text=True)
    person.post(f"/editor/reset/{token}", data={"csrf_token": csrf_token(form), "password": "x" * 14,
                                                "confirm": "x" * 14})
    first = login(person, "rui", password="x" * 14, with_code=False)
    assert first.status_code == 302 and "/editor/enrol" in first.headers["Location"]


def test_refused_accounts_show_the_error_next_to_the_field_and_keep_what_was_typed(site):
    admin = _admin(site)
    page = admin.get("/editor/users/new").get_data(as_text=True)
    token = csrf_token(page)
    taken = admin.post("/editor/users/new", data={"csrf_token": token, "username": "eva", "role": "editor"})
    html = taken.get_data(as_text=True)
    assert taken.status_code == 422 and 'id="username-error"' in html and 'value="eva"' in html
    language = admin.post("/editor/users/new", data={"csrf_token": token, "username": "tina",
                                                      "role": "translator", "languages": "ar, xx"})
    html = language.get_data(as_text=True)
    assert language.status_code == 422 and 'id="languages-error"' in html and 'value="ar, xx"' in html
    point = admin.post("/editor/users/new", data={"csrf_token": token, "username": "carla",
                                                   "role": "coordinator", "service_points": ["no-such-centre"]})
    assert point.status_code == 422 and 'id="service_points-error"' in point.get_data(as_text=True)
    empty = admin.post("/editor/users/new", data={"csrf_token": token, "username": "carla",
                                                   "role": "coordinator"})
    assert empty.status_code == 422 and 'id="service_points-error"' in empty.get_data(as_text=True)
    with site.app_context():
        assert accounts.find("tina") is None and accounts.find("carla") is None
    assert not events(site, "user-created")


def test_only_admins_create_accounts_and_only_with_a_token(site):
    editor = site.test_client()
    assert login(editor, "eva", with_code=False).status_code == 302
    assert editor.get("/editor/users/new").status_code == 403
    token = csrf_token(editor.get("/editor/account").get_data(as_text=True))
    assert editor.post("/editor/users/new", data={"csrf_token": token, "username": "mal",
                                                   "role": "admin"}).status_code == 403
    assert [e[1:3] for e in events(site, "access-refused")] == [("eva", "workspace"), ("eva", "workspace")]
    admin = _admin(site)
    assert admin.post("/editor/users/new", data={"username": "mal", "role": "editor"}).status_code == 400
    with site.app_context():
        assert accounts.find("mal") is None


def test_account_scope_lists_published_service_points_and_keeps_unpublished_ones(site):
    make_user(site, "coord", "coordinator", {"service_points": ["centro-teste", "gone-centre"],
                                             "publish_fields": ["opening_hours"]})
    admin = _admin(site)
    with site.app_context():
        user_id = accounts.find("coord").id
    page = admin.get(f"/editor/users/{user_id}").get_data(as_text=True)
    assert re.search(r'<option selected value="centro-teste">|<option value="centro-teste" selected>', page)
    assert 'value="gone-centre"' in page
    bad = admin.post(f"/editor/users/{user_id}", data={"csrf_token": csrf_token(page), "role": "coordinator",
                                                       "service_points": ["nope"], "enabled": "y"})
    assert bad.status_code == 200 and 'id="service_points-error"' in bad.get_data(as_text=True)
    ok = admin.post(f"/editor/users/{user_id}", data={"csrf_token": csrf_token(page), "role": "coordinator",
                                                      "service_points": ["centro-teste"], "enabled": "y"})
    assert ok.status_code == 302
    with site.app_context():
        assert db.session.get(type(accounts.find("coord")), user_id).scope == {
            "service_points": ["centro-teste"], "publish_fields": ["opening_hours"]}
