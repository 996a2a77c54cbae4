"""Screenshots for the app manifests, taken from the real pages.

Run after changing the design or the starter content:
``.venv/bin/python tools/make_screenshots.py``. It publishes ``content/`` into a
scratch database, serves it on a free local port, and photographs each
language's home page with Debian's Chromium: narrow (a 360 × 740 phone) and
wide (1280 × 720). The PNGs are committed under
``portal/static/screenshots/`` and the manifests list them; the shortcut
icons (96 × 96 PNG) are drawn from the topic icons in the same run.

Every script needs a font: ``apt-get install fonts-noto-core fonts-noto-cjk``
covers all 12 languages. A language whose script has no font on this machine
(``fc-list :lang=xx`` finds none) is skipped rather than photographed as empty boxes; its manifest
shows the English screenshots until someone with the fonts runs this again.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STATIC = ROOT / "portal" / "static"
OUT = STATIC / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SIZES = {"narrow": (360, 740), "wide": (1280, 720)}
# Shortcut icons: the topics the manifests offer, and "Help now".
SHORTCUT_ICONS = ("help", "compass", "id-card", "heart", "briefcase")


def scratch_env() -> dict:
    base = Path(tempfile.mkdtemp(prefix="acolher-shots-"))
    shutil.copytree(ROOT / "content", base / "content")
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{base / 'shots.sqlite3'}",
           "FLASK_CONTENT_DIR": str(base / "content"), "FLASK_ASSET_BUILD_DIR": str(base / "static"),
           "SECRET_KEY": "screenshots"}
    for args in (("db", "upgrade"), ("content", "publish")):
        subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", *args], env=env, cwd=ROOT,
                       check=True, capture_output=True)
    return env


def serve(env: dict):
    """The portal in a thread of this process, on a free port."""
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    from werkzeug.serving import make_server

    from portal import create_app

    server = make_server("127.0.0.1", 0, create_app({"SESSION_COOKIE_SECURE": False}), threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def has_font(code: str) -> bool:
    """True when fontconfig knows a font covering the language's script."""
    fc_lang = {"zh": "zh-cn"}.get(code, code)
    try:
        found = subprocess.run(["fc-list", f":lang={fc_lang}", "family"], capture_output=True, text=True)
    except FileNotFoundError:
        return True  # no fontconfig to ask: trust the browser
    return bool(found.stdout.strip())


def shortcut_icon(page, name: str) -> bytes:
    """A topic's line icon on a white rounded tile, 96 × 96."""
    svg = (STATIC / "icons" / f"{name}.svg").read_text(encoding="utf-8")
    svg = svg.replace("<svg ", '<svg width="64" height="64" ', 1)
    page.set_viewport_size({"width": 96, "height": 96})
    page.set_content(
        '<body style="margin:0;background:transparent">'
        '<div style="width:96px;height:96px;border-radius:20px;background:#fff;display:grid;place-items:center">'
        f'<div style="width:64px;height:64px">{svg}</div>'
        "</div></body>")
    return page.screenshot(omit_background=True)


def main() -> None:
    from playwright.sync_api import sync_playwright

    sys.path.insert(0, str(ROOT))
    from portal.i18n import LANGUAGES

    server = serve(scratch_env())
    base = f"http://127.0.0.1:{server.server_port}"
    OUT.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for form, (width, height) in SIZES.items():
            context = browser.new_context(viewport={"width": width, "height": height},
                                          service_workers="block")
            page = context.new_page()
            for code in filter(has_font, LANGUAGES):
                page.goto(f"{base}/{code}/")
                (OUT / f"{code}-{form}.png").write_bytes(page.screenshot())
            context.close()
        page = browser.new_page()
        for name in SHORTCUT_ICONS:
            (STATIC / "icons" / f"shortcut-{name}.png").write_bytes(shortcut_icon(page, name))
        browser.close()
    server.shutdown()
    skipped = [code for code in LANGUAGES if not has_font(code)]
    print("Wrote screenshots to", OUT, f"(skipped for lack of fonts: {', '.join(skipped)})" if skipped else "")


if __name__ == "__main__":
    main()
