"""The workspace tried as new editors would (the five "done when" steps):
an editor logs in with a second factor and edits the Portuguese tax-number
guide; a reviewer sees the diff and approves, and readers see the change;
the Arabic translator sees the changed paragraph highlighted and updates
it, and the Arabic page is no longer outdated; a centre's coordinator
changes its Friday hours and its page's "open now" follows; the history
shows every revision with a diff, and the audit log every step."""
from __future__ import annotations

import subprocess
import sys
import time
from datetime import datetime

import pyotp
import pytest

from tests.browser.conftest import ROOT

pytestmark = pytest.mark.browser

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
PASSWORD = "a long and silly passphrase"
CENTRE = "claim-albufeira"
ACCOUNTS = f"""
from portal import create_app
from portal.editor import accounts
from portal.extensions import db
app = create_app()
with app.app_context():
    for name, role, scope in (("ana", "admin", None), ("edna", "editor", None), ("rui", "reviewer", None),
                              ("samira", "translator", {{"languages": ["ar"]}}),
                              ("carla", "coordinator", {{"service_points": ["{CENTRE}"]}})):
        user = accounts.create(name, role, scope, password="{PASSWORD}")
        user.totp_secret = "{SECRET}"
    db.session.commit()
"""


def _accounts(server):
    subprocess.run([sys.executable, "-c", ACCOUNTS], env=server.env, cwd=ROOT, check=True,
                   capture_output=True, text=True)


_steps = {}


def _login(browser, base, name):
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    page = context.new_page()
    page.goto(f"{base}/editor/login")
    page.fill("input[name=username]", name)
    page.fill("input[name=password]", PASSWORD)
    totp = pyotp.TOTP(SECRET)
    # each account's code is accepted once per 30 s window: a fresh window per login of the same account
    step = _steps.get(name, -1) + 1
    _steps[name] = step
    page.fill("input[name=code]", totp.at(time.time() + step * totp.interval))
    page.click("main button[type=submit]")
    assert page.url == f"{base}/editor/", page.content()[:500]
    return context, page


def _arabic_status(page, base) -> str:
    """What the Arabic page's readers are told (the API says it in one word)."""
    page.goto(f"{base}/ar/guides/tax-number-nif")
    outdated_notice = page.locator(".notice a[hreflang='pt-PT'][href='/pt/guides/tax-number-nif']").count()
    answer = page.request.get(f"{base}/api/v1/guides/tax-number-nif?lang=ar").json()
    assert (answer["status"] == "outdated") == bool(outdated_notice)
    return answer["status"]


def test_edit_review_translate_coordinate_history_audit(own_server, browser):
    _accounts(own_server)
    base = own_server.url

    # 1. an editor logs in with TOTP and edits the Portuguese tax-number guide
    edna_ctx, page = _login(browser, base, "edna")
    page.goto(f"{base}/editor/edit/guide/tax-number-nif/pt")
    body = page.input_value("#f-body")
    first = next(line for line in body.splitlines() if len(line) > 40 and not line.startswith(("#", "-", "|", ">")))
    changed = first + " Leve também um comprovativo de morada."
    page.fill("#f-body", body.replace(first, changed, 1))
    page.fill("#f-comment", "Comprovativo de morada")
    page.click("button[value=preview]")
    assert "Leve também um comprovativo de morada." in page.inner_text(".ed-preview-body")
    # 2. submit; a reviewer sees the diff and approves; readers see the change
    page.click("button[value=submit]")
    assert "Enviado para revisão" in page.inner_text(".ed-flash")  # the workspace speaks Portuguese by default
    review_link = page.get_attribute("a[href^='/editor/review/']", "href")
    edna_ctx.close()
    rui_ctx, page = _login(browser, base, "rui")
    page.goto(base + review_link)
    assert "Leve também um comprovativo de morada." in page.inner_text("td.ed-diff ins")
    page.click("button[value=approve]")
    assert "Aprovado e publicado" in page.inner_text(".ed-flash")
    # a reader's browser without the service worker, which would show a saved copy first
    reader = browser.new_context(service_workers="block").new_page()
    reader.goto(f"{base}/pt/guides/tax-number-nif")
    assert "Leve também um comprovativo de morada." in reader.inner_text("main")
    assert _arabic_status(reader, base) == "outdated"

    # 3. the Arabic translator sees the changed paragraph highlighted and updates it
    samira_ctx, page = _login(browser, base, "samira")
    page.goto(f"{base}/editor/edit/guide/tax-number-nif/ar")
    highlighted = page.locator(".ed-changed")
    assert highlighted.count() == 1
    assert "Leve também um comprovativo de morada." in highlighted.locator("ins").inner_text()
    arabic = page.input_value("#f-body")
    page.fill("#f-body", arabic.rstrip("\n") + "\n\nأحضر أيضًا إثباتًا للعنوان.\n")
    page.select_option("#f-translation", "human")
    page.click("button[value=submit]")
    assert "Enviado para revisão" in page.inner_text(".ed-flash")  # the workspace speaks Portuguese by default
    # a centre's texts side by side: the Portuguese left to right, the Arabic box right to left
    page.goto(f"{base}/editor/edit/service/{CENTRE}/ar")
    assert page.locator("#f-name").evaluate("e => getComputedStyle(e).direction") == "rtl"
    assert page.locator("#row-name .ed-rt-source").evaluate("e => getComputedStyle(e).direction") == "ltr"
    assert page.locator("#row-name .ed-rt-source").inner_text().endswith("CLAIM de Albufeira")
    samira_ctx.close()
    page = rui_ctx.new_page()
    page.goto(f"{base}/editor/edit/guide/tax-number-nif/ar")
    page.click("a[href^='/editor/review/']")
    page.click("button[value=approve]")
    assert "Aprovado e publicado" in page.inner_text(".ed-flash")
    reader.goto(f"{base}/ar/guides/tax-number-nif")
    assert "أحضر أيضًا إثباتًا للعنوان." in reader.inner_text("main")
    assert _arabic_status(reader, base) == "up-to-date"

    # 4. a centre's coordinator changes its Friday hours; the page's "open now" follows
    carla_ctx, page = _login(browser, base, "carla")
    assert page.goto(f"{base}/editor/edit/service/claim-aipa-angra/pt").status == 403
    page.goto(f"{base}/editor/edit/service/{CENTRE}/pt")
    # the weekly table, not a text field: Friday's row closes at 13:00
    assert page.input_value("#f-opening_hours-fr-0-from") == "09:00"
    assert page.input_value("#f-opening_hours-fr-0-to") == "16:00"
    assert page.input_value("#f-opening_hours-ph") == "off"
    assert page.input_value("#f-opening_hours-advanced") == ""
    page.fill("#f-opening_hours-fr-0-to", "13:00")
    hours = "Mo-Th 09:00-16:00; Fr 09:00-13:00; PH off"
    page.click("button[value=submit]")
    carla_ctx.close()
    page = rui_ctx.new_page()
    page.goto(f"{base}/editor/edit/service/{CENTRE}/pt")
    page.click("a[href^='/editor/review/']")
    assert "13:00" in page.inner_text("td.ed-diff")
    page.click("button[value=approve]")
    assert "Aprovado e publicado" in page.inner_text(".ed-flash")
    from portal.directory import hours as opening

    reader.goto(f"{base}/pt/services/{CENTRE}")
    expected = opening.status(hours, datetime.now(opening.LISBON), "Albufeira", "Faro")
    assert reader.locator(f"p.state.state-{expected.state}").count() == 1

    # 5. the history shows every revision with a diff; the audit log every step
    page.goto(f"{base}/editor/history/guide/tax-number-nif/pt")
    rows = page.locator("form.ed-filters tbody tr")
    assert rows.count() == 2 and "Comprovativo de morada" in rows.first.inner_text()
    assert "Leve também um comprovativo de morada." in page.inner_text("td.ed-diff ins")
    rui_ctx.close()
    ana_ctx, page = _login(browser, base, "ana")
    page.goto(f"{base}/editor/audit")
    actions = page.locator("tr[data-action]").evaluate_all("rows => rows.map(r => r.dataset.action)")
    for step in ("login", "draft-saved", "submitted", "approved", "published", "access-refused"):
        assert step in actions, actions
    ana_ctx.close()
