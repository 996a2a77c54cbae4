"""Offline figures in real Chromium: worker script weight, the Arabic pack's
size, the bytes a pack update fetches after one guide changed, and how fast
a saved guide opens when the network answers only after 3 s."""
from __future__ import annotations

import sys
from pathlib import Path

import brotli
from common import ROOT, flask, free_port, kb, scratch

sys.path.insert(0, str(ROOT))
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, LiveServer  # noqa: E402


def br_size(page, url: str) -> int:
    body = page.evaluate("url => fetch(url, {cache: 'no-store'}).then(r => r.arrayBuffer()).then(b => Array.from(new Uint8Array(b)))", url)
    return len(brotli.compress(bytes(body)))


def ask(page, message):
    return page.evaluate("""message => new Promise(resolve => {
        const channel = new MessageChannel();
        channel.port1.onmessage = e => { if (e.data.type !== 'progress') resolve(e.data); };
        navigator.serviceWorker.controller.postMessage(message, [channel.port2]);
    })""", message)


def main() -> list[str]:
    from playwright.sync_api import sync_playwright

    env = scratch()
    flask(env, "content", "publish")
    log = Path(env["FLASK_CONTENT_DIR"]).parent / "requests.log"
    server = LiveServer({**env, "ACOLHER_TEST_LOG": str(log)}, free_port())
    server.log = log
    server.start()
    lines = ["Offline (real Chromium, 360 px):"]
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 360, "height": 740})
            page.goto(server.url + "/ar/")
            page.evaluate("navigator.serviceWorker.ready.then(() => true)")
            page.wait_for_function("() => navigator.serviceWorker.controller !== null")
            site_js = next(u for u in page.evaluate("Array.from(document.scripts).map(s => s.src)") if "/js/site." in u)
            sw, js = br_size(page, "/sw.js"), br_size(page, site_js)
            lines.append(f"  worker + page script, Brotli: {kb(sw + js)} (sw.js {kb(sw)}, site.js {kb(js)}); budget 10 KB")
            manifest = page.evaluate("fetch('/api/v1/offline-packs/ar').then(r => r.json())")
            lines.append(f"  Arabic pack: {len(manifest['entries'])} files, {kb(manifest['total_size'])} on the wire; target <= 400 KB")
            result = ask(page, {"type": "save-pack", "url": "/api/v1/offline-packs/ar", "key": "ar"})
            assert result["type"] == "saved", result

            guide = Path(env["FLASK_CONTENT_DIR"]) / "guides" / "school-enrolment" / "ar.md"
            guide.write_text(guide.read_text(encoding="utf-8") + "\nسطر جديد.\n", encoding="utf-8")
            flask(env, "content", "publish")
            server.requests()
            page.evaluate("navigator.serviceWorker.controller.postMessage({type: 'refresh-packs', force: true})")
            page.wait_for_timeout(1500)
            fetched = server.requests()
            manifest_size = br_size(page, "/api/v1/offline-packs/ar")
            changed = br_size(page, "/ar/guides/school-enrolment")
            lines.append(f"  pack update after one guide changed: {len(fetched)} requests {fetched}, "
                         f"{kb(manifest_size + changed)} (manifest {kb(manifest_size)} + guide {kb(changed)})")

            server.restart(ACOLHER_TEST_DELAY=".*=3")
            times = []
            for _ in range(5):
                page.goto(server.url + "/ar/guides/tax-number-nif", wait_until="domcontentloaded")
                times.append(page.evaluate(
                    "performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd"))
            times.sort()
            lines.append(f"  saved guide with a 3 s network delay: median {times[2]:.0f} ms, worst {times[-1]:.0f} ms "
                         "to DOMContentLoaded; target < 300 ms")
            browser.close()
    finally:
        server.stop()
    return lines


if __name__ == "__main__":
    print("\n".join(main()))
