"""Screenshots of the editors' workspace for docs/editors.md, taken from the
real pages.

    .venv/bin/python tools/editor_screenshots.py

Publishes ``content/`` into a scratch database, creates example accounts
(an editor, a reviewer, an Arabic translator), serves the portal on a free
local port and walks through the workspace with Debian's Chromium as
docs/editors.md describes: log in, the dashboard, editing the tax-number
guide with its preview, the reviewer's diff, the translator's side-by-side
page, a centre's opening-hours table, the translation of a centre's entry
and the history. The PNGs go to ``docs/img/``. Nothing in the
checkout other than those files is written.
"""
from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pyotp

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
sys.path.insert(0, str(ROOT))

from make_screenshots import ARGS, CHROMIUM, scratch_env, serve  # noqa: E402

OUT = ROOT / "docs" / "img"
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # example accounts of a scratch database only
PASSWORD = "an example passphrase for screenshots"
CENTRE = "claim-fcl"  # a local centre whose hours break for lunch
ACCOUNTS = f"""
from portal import create_app
from portal.editor import accounts
from portal.extensions import db
app = create_app()
with app.app_context():
    for name, role, scope in (("edna", "editor", None), ("rui", "reviewer", None),
                              ("samira", "translator", {{"languages": ["ar"]}})):
        user = accounts.create(name, role, scope, password="{PASSWORD}")
        user.totp_secret = "{SECRET}"
    db.session.commit()
"""
_windows: dict[str, int] = {}


def login(browser, base, name, shoot=None):
    context = browser.new_context(viewport={"width": 1100, "height": 860}, service_workers="block")
    page = context.new_page()
    page.goto(f"{base}/editor/login")
    page.fill("input[name=username]", name)
    page.fill("input[name=password]", PASSWORD)
    totp = pyotp.TOTP(SECRET)
    _windows[name] = _windows.get(name, -1) + 1
    page.fill("input[name=code]", totp.at(time.time() + _windows[name] * totp.interval))
    if shoot:
        shoot(page, "login")
    page.click("main button[type=submit]")
    return context, page


def main() -> None:
    from playwright.sync_api import sync_playwright

    env = scratch_env()
    subprocess.run([sys.executable, "-c", ACCOUNTS], env=env, cwd=ROOT, check=True, capture_output=True)
    server = serve(env)
    base = f"http://127.0.0.1:{server.server_port}"
    OUT.mkdir(exist_ok=True)

    def shoot(page, name, full=False):
        (OUT / f"editor-{name}.png").write_bytes(page.screenshot(full_page=full))

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context, page = login(browser, base, "edna", shoot)
        page.goto(f"{base}/editor/?kind=guide")
        shoot(page, "dashboard")
        page.goto(f"{base}/editor/edit/guide/tax-number-nif/pt")
        body = page.input_value("#f-body")
        first = next(line for line in body.splitlines() if len(line) > 40 and not line.startswith(("#", "-")))
        page.fill("#f-body", body.replace(first, first + " Leve também um comprovativo de morada.", 1))
        page.fill("#f-comment", "Comprovativo de morada")
        page.click("button[value=preview]")
        page.locator(".ed-preview").scroll_into_view_if_needed()
        shoot(page, "preview")
        page.click("button[value=submit]")
        review = page.get_attribute("a[href^='/editor/review/']", "href")
        context.close()
        context, page = login(browser, base, "rui")
        page.goto(base + review)
        shoot(page, "review", full=True)
        page.click("button[value=approve]")
        context.close()
        context, page = login(browser, base, "samira")
        page.goto(f"{base}/editor/edit/guide/tax-number-nif/ar")
        page.locator(".ed-changed").first.scroll_into_view_if_needed()
        shoot(page, "translate")
        page.goto(f"{base}/editor/edit/service/{CENTRE}/ar")
        shoot(page, "translate-record")
        context.close()
        context, page = login(browser, base, "edna")
        page.goto(f"{base}/editor/edit/service/{CENTRE}/pt")
        page.locator("#f-opening_hours").scroll_into_view_if_needed()
        shoot(page, "hours")
        context.close()
        context, page = login(browser, base, "rui")
        page.goto(f"{base}/editor/history/guide/tax-number-nif/pt")
        shoot(page, "history", full=True)
        context.close()
        browser.close()
    server.shutdown()
    print("Wrote", ", ".join(sorted(p.name for p in OUT.glob("editor-*.png"))), "to", OUT)


if __name__ == "__main__":
    main()
