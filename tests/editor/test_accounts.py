"""Logging in, sessions, CSRF, the login limit and the account commands."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest

from portal.editor import accounts
from portal.editor.models import User
from portal.extensions import db
from portal.models import utcnow
from tests.editor.conftest import PASSWORD, SECRET, code, csrf_token, events, login, make_user


def session_cookie(client):
    cookie = client.get_cookie("session", path="/editor")
    return cookie.value if cookie else None


def test_a_reader_at_the_workspace_gets_the_login_page_and_no_cookie(editor_app):
    client = editor_app.test_client()
    response = client.get("/editor/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/editor/login?next=/editor/")
    page = client.get(response.headers["Location"])
    assert page.status_code == 200 and 'name="password"' in page.get_data(as_text=True)
    # the login form's token needs a cookie: a workspace cookie, never a reader's
    cookie = page.headers["Set-Cookie"]
    for flag in ("Secure", "HttpOnly", "SameSite=Lax", "Path=/editor"):
        assert flag in cookie
    for reader in ("/pt/", "/pt/search", "/api/v1/guides?lang=pt"):
        assert "Set-Cookie" not in client.get(reader).headers, reader


def test_workspace_pages_are_never_stored_and_have_their_own_policy(editor_app):
    response = editor_app.test_client().get("/editor/login", headers={"Accept-Encoding": "br, gzip"})
    assert response.headers["Cache-Control"] == "no-store"
    assert "default-src 'none'" in response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert "Content-Encoding" not in response.headers and "ETag" not in response.headers
    assert "<script>" not in response.get_data(as_text=True)


def test_pages_without_a_token_are_compressed_pages_with_one_are_not(editor_app):
    """A page with a CSRF token and text from the request is never
    compressed (BREACH); the dashboard and the audit log carry no token."""
    make_user(editor_app)
    client = editor_app.test_client()
    login(client)
    for url in ("/editor/?q=abc", "/editor/audit?actor=abc"):
        response = client.get(url, headers={"Accept-Encoding": "gzip"})
        assert response.headers.get("Content-Encoding") == "gzip", url
        assert "ETag" not in response.headers and response.headers["Cache-Control"] == "no-store"
    for url in ("/editor/account", "/editor/logout", "/editor/users/1"):
        response = client.get(url, headers={"Accept-Encoding": "gzip"})
        assert "Content-Encoding" not in response.headers, url
        assert 'name="csrf_token"' in response.get_data(as_text=True)


def test_login_with_a_second_factor_rotates_the_session(editor_app):
    make_user(editor_app)
    client = editor_app.test_client()
    client.get("/editor/login")
    before = session_cookie(client)
    assert login(client).status_code == 302
    after = session_cookie(client)
    assert before and after and before != after
    assert client.get("/editor/").status_code == 200
    assert events(editor_app, "login") == [("login", "ana", "user/ana", None)]


def test_a_session_planted_before_login_does_not_survive_it(editor_app):
    """Fixation: whatever the session held before the login is gone after it."""
    make_user(editor_app)
    client = editor_app.test_client()
    with client.session_transaction(path="/editor/") as session:
        session["planted"] = "attacker"
    login(client)
    with client.session_transaction(path="/editor/") as session:
        assert "planted" not in session and "_user_id" in session


def test_wrong_password_or_code_is_refused_and_logged(editor_app):
    make_user(editor_app)
    client = editor_app.test_client()
    assert login(client, password="wrong password!").status_code == 401
    assert login(client, with_code=False).status_code == 401
    assert login(client, username="nobody").status_code == 401
    assert client.get("/editor/").status_code == 302
    assert [(a, t, d) for a, _actor, t, d in events(editor_app, "login-failed")] == [
        ("login-failed", "user/ana", {"reason": "password"}),
        ("login-failed", "user/ana", {"reason": "code"}),
        ("login-failed", None, {"reason": "unknown account"}),
    ]


def test_a_code_is_accepted_once(editor_app):
    make_user(editor_app)
    first, second = editor_app.test_client(), editor_app.test_client()
    assert login(first).status_code == 302
    assert login(second).status_code == 401  # same code again


def test_missing_or_wrong_csrf_token_is_400_and_saves_nothing(editor_app):
    make_user(editor_app)
    client = editor_app.test_client()
    login(client)
    data = {"current": PASSWORD, "password": "a brand new passphrase", "confirm": "a brand new passphrase"}
    assert client.post("/editor/account", data=data).status_code == 400
    assert client.post("/editor/account", data={**data, "csrf_token": "forged"}).status_code == 400
    assert client.post("/editor/logout").status_code == 400
    with editor_app.app_context():
        user = accounts.find("ana")
        assert accounts.check_password(user, PASSWORD)
    assert client.get("/editor/").status_code == 200  # still logged in
    # and the login form itself
    other = editor_app.test_client()
    assert other.post("/editor/login", data={"username": "ana", "password": PASSWORD}).status_code == 400


@pytest.mark.parametrize("target", [
    "https://evil.example/", "//evil.example/editor/", "/\\\\evil.example", "/pt/", "javascript:alert(1)",
    "/editor/../pt/",
])
def test_next_never_leaves_the_workspace(editor_app, target):
    make_user(editor_app, "ana", "editor")
    client = editor_app.test_client()
    response = login(client, next_url=target, with_code=False)
    assert response.status_code == 302
    location = response.headers["Location"]
    assert location == "/editor/" or (location.startswith("/editor/") and ".." not in location)


def test_next_inside_the_workspace_is_followed(editor_app):
    make_user(editor_app, "ana", "editor")
    client = editor_app.test_client()
    assert login(client, next_url="/editor/account", with_code=False).headers["Location"] == "/editor/account"


def test_a_disabled_users_session_is_refused_on_its_next_request(editor_app):
    make_user(editor_app, "rui", "editor")
    client = editor_app.test_client()
    login(client, "rui", with_code=False)
    assert client.get("/editor/").status_code == 200
    result = editor_app.test_cli_runner().invoke(args=["users", "disable", "rui"])
    assert result.exit_code == 0, result.output
    assert client.get("/editor/").status_code == 302
    assert login(editor_app.test_client(), "rui", with_code=False).status_code == 401
    assert ("user-disabled", None, "user/rui", None) in events(editor_app)


def test_a_password_change_ends_the_other_sessions(editor_app):
    make_user(editor_app, "rui", "editor")
    laptop, phone = editor_app.test_client(), editor_app.test_client()
    login(laptop, "rui", with_code=False)
    login(phone, "rui", with_code=False)
    page = laptop.get("/editor/account").get_data(as_text=True)
    new = "another long passphrase"
    response = laptop.post("/editor/account", data={
        "csrf_token": csrf_token(page), "current": PASSWORD, "password": new, "confirm": new})
    assert response.status_code == 302
    assert laptop.get("/editor/").status_code == 200  # the one that changed it goes on
    assert phone.get("/editor/").status_code == 302
    assert login(editor_app.test_client(), "rui", password=new, with_code=False).status_code == 302


def test_twenty_wrong_passwords_are_limited_and_logged(editor_app):
    make_user(editor_app)
    client = editor_app.test_client()
    statuses = [login(client, password=f"wrong password {n}").status_code for n in range(20)]
    assert statuses[:10] == [401] * 10
    assert set(statuses[10:]) == {429}
    # the right password is refused too while limited
    assert login(client).status_code == 429
    limited = events(editor_app, "login-limited")
    assert limited and limited[0][2] == "user/ana"


def test_the_account_limit_holds_across_addresses(editor_app):
    editor_app.config["EDITOR_LOGIN_LIMIT"] = "1000 per hour"
    make_user(editor_app)
    statuses = [login(editor_app.test_client(), password="nope nope nope").status_code for _ in range(21)]
    assert statuses[:20] == [401] * 20 and statuses[20] == 429


def test_first_login_of_an_admin_sets_up_the_second_factor(editor_app):
    import pyotp

    make_user(editor_app, "ana", "admin", totp=False)
    client = editor_app.test_client()
    response = login(client, with_code=False)
    assert response.headers["Location"].startswith("/editor/enrol")
    assert client.get("/editor/").status_code == 302  # not logged in yet
    page = client.get("/editor/enrol").get_data(as_text=True)
    secret = re.search(r'id="totp-secret">([A-Z2-7 ]+)<', page).group(1).replace(" ", "")
    wrong = client.post("/editor/enrol", data={"csrf_token": csrf_token(page), "code": "000000"})
    assert wrong.status_code == 200 and 'aria-invalid="true"' in wrong.get_data(as_text=True)
    response = client.post("/editor/enrol", data={"csrf_token": csrf_token(page), "code": pyotp.TOTP(secret).now()})
    assert response.status_code == 302
    assert client.get("/editor/").status_code == 200
    with editor_app.app_context():
        assert accounts.find("ana").totp_secret == secret
    assert [e[0] for e in events(editor_app)][-2:] == ["totp-enrolled", "login"]


def test_commands_create_reset_and_change_roles(editor_app):
    runner = editor_app.test_cli_runner()
    result = runner.invoke(args=["users", "create", "Admin", "--role", "admin"])
    assert result.exit_code == 0, result.output
    link = re.search(r"(/editor/reset/\S+)", result.output).group(1)
    client = editor_app.test_client()
    page = client.get(link).get_data(as_text=True)
    short = client.post(link, data={"csrf_token": csrf_token(page), "password": "short", "confirm": "short"})
    assert short.status_code == 200 and "12" in short.get_data(as_text=True)
    new = "a long enough passphrase"
    assert client.post(link, data={"csrf_token": csrf_token(page), "password": new,
                                   "confirm": new}).status_code == 302
    assert client.get(link).status_code == 404  # used once
    with editor_app.app_context():
        user = accounts.find("admin")
        assert accounts.check_password(user, new) and user.password_hash.startswith("$argon2id$")

    bad = runner.invoke(args=["users", "create", "tina", "--role", "translator"])
    assert bad.exit_code != 0 and "languages" in bad.output
    assert runner.invoke(args=["users", "create", "tina", "--role", "translator", "--languages", "ar"]).exit_code == 0
    result = runner.invoke(args=["users", "set-role", "tina", "translator", "--languages", "ar,ur"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(args=["users", "reset-password", "tina"])
    assert "/editor/reset/" in result.output
    assert runner.invoke(args=["users", "set-role", "nobody", "editor"]).exit_code != 0
    actions = [(a, t) for a, _actor, t, _d in events(editor_app)]
    assert actions == [("user-created", "user/admin"), ("password-reset", "user/admin"),
                       ("user-created", "user/tina"), ("role-changed", "user/tina"), ("reset-link", "user/tina")]
    assert events(editor_app, "role-changed")[0][3] == {
        "before": {"role": "translator", "scope": {"languages": ["ar"]}},
        "after": {"role": "translator", "scope": {"languages": ["ar", "ur"]}}}


def test_a_reset_link_expires_after_a_day(editor_app):
    make_user(editor_app, "rui", "editor")
    with editor_app.app_context():
        user = accounts.find("rui")
        token = accounts.issue_reset(user, now=utcnow() - timedelta(hours=24, minutes=1))
        db.session.commit()
    assert editor_app.test_client().get(f"/editor/reset/{token}").status_code == 404


def test_reset_needs_no_secret_in_the_database(editor_app):
    make_user(editor_app, "rui", "editor")
    with editor_app.app_context():
        token = accounts.issue_reset(accounts.find("rui"))
        db.session.commit()
        stored = db.session.execute(db.select(User.reset_token_hash)).scalar()
    assert token not in stored and len(stored) == 64


def test_the_second_factor_is_checked_for_reviewers(editor_app):
    make_user(editor_app, "rita", "reviewer")
    assert login(editor_app.test_client(), "rita", with_code=False).status_code == 401
    assert login(editor_app.test_client(), "rita").status_code == 302
    assert SECRET and code()


def test_the_login_limit_is_shared_through_redis(make_app, tmp_path):
    """Production counts in Redis, so every process sees the same failures."""
    import secrets

    import redis

    try:
        redis.Redis.from_url("redis://127.0.0.1:6379/0", socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("no Redis server at 127.0.0.1:6379")
    config = {"RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/0", "SECRET_KEY": secrets.token_hex(8),
              "EDITOR_LOGIN_LIMIT": "3 per minute"}
    app = make_app(**config)
    name = f"user{secrets.token_hex(4)}"
    make_user(app, name, "editor")
    assert [login(app.test_client(), name, "wrong wrong wrong", with_code=False).status_code
            for _ in range(3)] == [401] * 3
    # a second process (its own app, its own database) sharing the Redis: already limited
    other = make_app(f"sqlite:///{tmp_path / 'other.sqlite3'}", **config)
    make_user(other, name, "editor")
    assert login(other.test_client(), name, with_code=False).status_code == 429


def test_a_translator_can_work_in_arabic_right_to_left(editor_app):
    make_user(editor_app, "tariq", "translator", {"languages": ["ar"]})
    client = editor_app.test_client()
    login(client, "tariq", with_code=False)
    page = client.get("/editor/account").get_data(as_text=True)
    assert '<html lang="pt-PT" dir="ltr">' in page
    assert client.post("/editor/account/language", data={"csrf_token": csrf_token(page), "ui_lang": "ar"}
                       ).status_code == 302
    page = client.get("/editor/").get_data(as_text=True)
    assert 'dir="rtl"' in page and "لوحة المتابعة" in page
    # an unknown language is refused, the choice kept
    page = client.get("/editor/account").get_data(as_text=True)
    client.post("/editor/account/language", data={"csrf_token": csrf_token(page), "ui_lang": "xx"})
    assert 'dir="rtl"' in client.get("/editor/").get_data(as_text=True)


def test_an_editor_may_add_a_second_factor_and_then_needs_it(editor_app):
    import pyotp

    make_user(editor_app, "rui", "editor")
    client = editor_app.test_client()
    login(client, "rui", with_code=False)
    assert 'href="/editor/enrol"' in client.get("/editor/account").get_data(as_text=True)
    page = client.get("/editor/enrol").get_data(as_text=True)
    secret = re.search(r'id="totp-secret">([A-Z2-7 ]+)<', page).group(1).replace(" ", "")
    totp = pyotp.TOTP(secret)
    response = client.post("/editor/enrol", data={"csrf_token": csrf_token(page), "code": totp.now()})
    assert response.headers["Location"] == "/editor/account"
    # a session alone cannot replace it
    assert client.get("/editor/enrol").headers["Location"] == "/editor/account"
    assert login(editor_app.test_client(), "rui", with_code=False).status_code == 401
    other = editor_app.test_client()
    page = other.get("/editor/login").get_data(as_text=True)
    import time

    assert other.post("/editor/login", data={
        "csrf_token": csrf_token(page), "username": "rui", "password": PASSWORD,
        "code": totp.at(time.time() + totp.interval)}).status_code == 302
