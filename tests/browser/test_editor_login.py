"""A new administrator sets a password from the link the command printed,
sets up the second factor, logs in with a code and finds the dashboard."""
from __future__ import annotations

import re
import time

import pyotp
import pytest

pytestmark = pytest.mark.browser


def test_first_login_with_a_second_factor(own_server, phone):
    created = own_server.flask("users", "create", "ana", "--role", "admin").stdout
    path = re.search(r"(/editor/reset/\S+)", created).group(1)
    page = phone.new_page()
    base = own_server.url

    # a reader at the workspace meets the login page
    page.goto(f"{base}/editor/")
    assert page.url.startswith(f"{base}/editor/login")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320

    page.goto(base + path)
    page.fill("input[name=password]", "a long and silly passphrase")
    page.fill("input[name=confirm]", "a long and silly passphrase")
    page.click("button[type=submit]")
    assert page.url == f"{base}/editor/login"

    page.fill("input[name=username]", "ana")
    page.fill("input[name=password]", "a long and silly passphrase")
    page.click("main button[type=submit]")
    assert page.url.startswith(f"{base}/editor/enrol")
    secret = page.inner_text("#totp-secret").replace(" ", "")
    totp = pyotp.TOTP(secret)
    page.fill("input[name=code]", totp.now())
    page.click("main button[type=submit]")
    assert page.url == f"{base}/editor/"
    assert page.locator("tr[data-slug='tax-number-nif']").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 320  # the tables scroll inside
    assert page.locator("html").get_attribute("lang") == "pt-PT"
    cookie = next(c for c in phone.cookies() if c["name"] == "session")
    assert cookie["httpOnly"] and cookie["path"] == "/editor" and cookie["sameSite"] == "Lax"

    # log out, and in again with a code typed in the login form
    page.click("header a.ed-logout")
    page.click("main button[type=submit]")
    assert page.url == f"{base}/editor/login"
    page.goto(f"{base}/editor/login?next=/editor/audit")
    page.fill("input[name=username]", "ana")
    page.fill("input[name=password]", "a long and silly passphrase")
    page.fill("input[name=code]", totp.at(time.time() + totp.interval))  # the enrolment used this window's
    page.click("main button[type=submit]")
    assert page.url == f"{base}/editor/audit"
    actions = page.locator("tr[data-action]").evaluate_all("rows => rows.map(r => r.dataset.action)")
    assert actions == ["login", "logout", "login", "totp-enrolled", "password-reset", "user-created", "published"]

    # readers' pages set no cookie, even for a logged-in editor's browser
    response = page.goto(f"{base}/pt/")
    assert "set-cookie" not in response.headers


def test_the_service_worker_never_keeps_the_workspace(own_server, page):
    from playwright.sync_api import Error

    page.goto(own_server.url + "/pt/")
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    page.goto(own_server.url + "/editor/login")
    assert page.locator("input[name=username]").count() == 1
    kept = page.evaluate("""async () => {
        const found = [];
        for (const name of await caches.keys()) {
            for (const request of await (await caches.open(name)).keys()) found.push(new URL(request.url).pathname);
        }
        return found;
    }""")
    assert kept and not [path for path in kept if path.startswith("/editor")]
    own_server.stop()
    with pytest.raises(Error):
        page.goto(own_server.url + "/editor/login")  # the network's answer, or nothing: never a copy
