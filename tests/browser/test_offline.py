"""Offline-first behaviour in real Chromium: the service worker, saved packs,
delta updates, faults, the update flow and installability."""
import re

import pytest

pytestmark = pytest.mark.browser

READY = "navigator.serviceWorker.ready.then(() => true)"


def wait_controlled(page):
    """First visit installs the worker; the page asks it to keep itself."""
    page.evaluate(READY)
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")


def wait_kept(page, path):
    page.wait_for_function(
        "path => caches.open('pages').then(c => c.match(path)).then(Boolean)", arg=path, polling=100)


def ask_worker(page, message):
    return page.evaluate("""message => new Promise(resolve => {
        const channel = new MessageChannel();
        channel.port1.onmessage = event => resolve(event.data);
        navigator.serviceWorker.controller.postMessage(message, [channel.port2]);
    })""", message)


def save_pack(page):
    page.locator(".save-button:not([disabled])").click()
    page.locator(".remove-button:not([hidden])").wait_for()


def test_worker_registers_controls_and_precaches_the_shell(page, own_server):
    page.goto(own_server.url + "/pt/")
    wait_controlled(page)
    names = page.evaluate("caches.keys()")
    shell = [n for n in names if n.startswith("shell-")]
    assert len(shell) == 1
    urls = page.evaluate("name => caches.open(name).then(c => c.keys()).then(k => k.map(r => new URL(r.url).pathname))", shell[0])
    assert {f"/{code}/offline" for code in ("pt", "ar", "zh", "ur")} <= set(urls)
    assert any(re.match(r"/static/css/site\.[0-9a-f]{12}\.css$", u) for u in urls)


def test_read_guides_then_server_stops(page, own_server):
    for path in ("/ar/guides/tax-number-nif", "/ar/guides/health-service-sns"):
        page.goto(own_server.url + path)
        wait_controlled(page)
        wait_kept(page, path)
    own_server.stop()
    page.goto(own_server.url + "/ar/guides/tax-number-nif")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("html").get_attribute("lang") == "ar"
    assert "NIF" in page.locator("h1").inner_text()
    note = page.locator("#sw-notes p").first
    note.wait_for()
    assert "2026" in note.inner_text() or re.search(r"\d", note.inner_text())
    page.reload()
    assert "NIF" in page.locator("h1").inner_text()
    unsaved = page.locator("main a.not-saved")
    unsaved.first.wait_for(state="attached")  # the first may sit in a closed <details>
    marked = {a.get_attribute("href") for a in unsaved.all()}
    assert "/ar/guides/bank-account" in marked, "links to pages not on the device are marked"
    assert "/ar/guides/health-service-sns" not in marked
    page.goto(own_server.url + "/ar/guides/health-service-sns")
    assert page.locator("article.guide").inner_text()


def test_unvisited_page_offline_shows_localized_offline_page(page, own_server):
    page.goto(own_server.url + "/ur/guides/tax-number-nif")
    wait_controlled(page)
    wait_kept(page, "/ur/guides/tax-number-nif")
    offline_title = page.evaluate("fetch('/ur/offline').then(r => r.text())")
    expected_h1 = re.search(r"<h1>([^<]+)</h1>", offline_title).group(1)
    own_server.stop()
    page.goto(own_server.url + "/ur/guides/asylum")
    assert page.locator("html").get_attribute("lang") == "ur"
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("h1").inner_text() == expected_h1
    saved = page.locator("#saved-pages a")
    saved.first.wait_for()
    assert "/ur/guides/tax-number-nif" in [a.get_attribute("href") for a in saved.all()]


def test_save_a_language_then_read_every_guide_offline(page, own_server):
    page.goto(own_server.url + "/uk/")
    wait_controlled(page)
    manifest = page.evaluate("fetch('/api/v1/offline-packs/uk').then(r => r.json())")
    label = page.locator(".save-button")
    page.wait_for_function("() => !document.querySelector('.save-button').disabled")
    assert re.search(r"\d", label.inner_text()), "the size is shown before downloading"
    save_pack(page)
    assert page.locator(".save-status").inner_text()
    assert re.search(r"\d", page.locator(".storage").inner_text()), "storage used is shown"
    page.goto(own_server.url + "/uk/guides/asylum")
    saved_state = page.locator(".saved-state")
    saved_state.wait_for()
    assert saved_state.inner_text() == page.locator("#sw-notes").get_attribute("data-saved")
    own_server.stop()
    guides = [e["url"] for e in manifest["entries"] if "/guides/" in e["url"]]
    assert len(guides) >= 16
    for url in guides:
        page.goto(own_server.url + url)
        assert page.locator("html").get_attribute("lang") == "uk"
        assert page.locator("article.guide h1").inner_text()


def test_pack_update_fetches_only_the_changed_guide(page, own_server):
    page.goto(own_server.url + "/ar/")
    wait_controlled(page)
    page.wait_for_function("() => !document.querySelector('.save-button').disabled")
    save_pack(page)
    guide = own_server.content / "guides" / "school-enrolment" / "ar.md"
    guide.write_text(guide.read_text(encoding="utf-8") + "\nسطر جديد للاختبار.\n", encoding="utf-8")
    own_server.flask("content", "publish")
    own_server.requests()
    assert ask_worker(page, {"type": "refresh-packs", "force": True}) is True
    fetched = own_server.requests()
    # The guide, and the language's search index, which holds its words.
    assert fetched == ["/api/v1/offline-packs/ar", "/ar/guides/school-enrolment", "/ar/search-index.json"]
    own_server.stop()
    page.goto(own_server.url + "/ar/guides/school-enrolment")
    assert "سطر جديد للاختبار" in page.locator("article.guide").inner_text()


def test_interrupted_download_keeps_previous_pack_and_resumes(page, own_server):
    page.goto(own_server.url + "/fr/")
    wait_controlled(page)
    page.wait_for_function("() => !document.querySelector('.save-button').disabled")
    save_pack(page)
    before = ask_worker(page, {"type": "pack-state", "key": "fr"})
    for slug in ("asylum", "bank-account", "work-rights"):
        path = own_server.content / "guides" / slug / "fr.md"
        path.write_text(path.read_text(encoding="utf-8") + "\nNouvelle ligne.\n", encoding="utf-8")
    own_server.flask("content", "publish")
    own_server.restart(ACOLHER_TEST_DELAY="^/fr/guides/=1.5")
    own_server.requests()
    page.evaluate("""navigator.serviceWorker.controller.postMessage(
        {type: 'save-pack', url: '/api/v1/offline-packs/fr', key: 'fr'})""")
    deadline_requests = []
    for _ in range(50):
        deadline_requests += own_server.requests()
        if any(p.startswith("/fr/guides/") for p in deadline_requests):
            break
        page.wait_for_timeout(100)
    own_server.stop()
    page.wait_for_timeout(2000)
    after = ask_worker(page, {"type": "pack-state", "key": "fr"})
    assert after == before, "an interrupted update does not mark anything as saved"
    page.goto(own_server.url + "/fr/guides/bank-account")
    assert page.locator("article.guide h1").inner_text()
    own_server.restart(ACOLHER_TEST_DELAY="")
    page.goto(own_server.url + "/fr/")
    own_server.requests()
    result = page.evaluate("""() => new Promise(resolve => {
        const channel = new MessageChannel();
        channel.port1.onmessage = e => { if (e.data.type !== 'progress') resolve(e.data); };
        navigator.serviceWorker.controller.postMessage(
            {type: 'save-pack', url: '/api/v1/offline-packs/fr', key: 'fr'}, [channel.port2]);
    })""")
    assert result["type"] == "saved"
    resumed = [p for p in own_server.requests() if p.startswith("/fr/guides/")]
    assert 1 <= len(resumed) <= 3, resumed
    assert result["record"]["version"] != before["version"]


def test_entry_that_404s_is_reported_and_not_marked_saved(page, own_server):
    own_server.restart(ACOLHER_TEST_FAIL="^/es/guides/asylum$")
    page.goto(own_server.url + "/es/topics/protection")
    wait_controlled(page)
    page.wait_for_function("() => !document.querySelector('.save-button').disabled")
    page.locator(".save-button").click()
    status = page.locator(".save-status")
    failed_text = page.locator("#save-panel").get_attribute("data-failed")
    page.wait_for_function("text => document.querySelector('.save-status').textContent === text", arg=failed_text)
    assert ask_worker(page, {"type": "pack-state", "key": "es-protection"}) is None
    assert status.inner_text() == failed_text


def test_storage_quota_exceeded_saves_nothing_as_saved(page, own_server):
    page.goto(own_server.url + "/hi/")
    wait_controlled(page)
    cdp = page.context.new_cdp_session(page)
    cdp.send("Storage.overrideQuotaForOrigin", {"origin": own_server.url, "quotaSize": 20_000})
    page.reload()

    page.wait_for_function("() => !document.querySelector('.save-button').disabled")
    page.locator(".save-button").click()
    quota_text = page.locator("#save-panel").get_attribute("data-quota")
    page.wait_for_function("text => document.querySelector('.save-status').textContent === text", arg=quota_text)
    assert ask_worker(page, {"type": "pack-state", "key": "hi"}) is None


def test_broken_caches_never_give_a_blank_page(page, own_server):
    page.goto(own_server.url + "/bn/")
    wait_controlled(page)
    page.evaluate("caches.keys().then(names => Promise.all(names.map(n => caches.delete(n))))")
    own_server.stop()
    page.goto(own_server.url + "/bn/guides/asylum")
    assert page.locator("body").inner_text().strip()
    assert page.locator("a[href='tel:112']").count() == 1


def test_new_deployment_shows_update_notice_and_drops_old_shell(page, own_server):
    page.goto(own_server.url + "/pt/")
    wait_controlled(page)
    old_shell = [n for n in page.evaluate("caches.keys()") if n.startswith("shell-")]
    own_server.restart(FLASK_RELEASE="next")
    page.reload()
    reload_label = page.locator("#sw-notes").get_attribute("data-reload")
    button = page.locator("#sw-notes button", has_text=reload_label)
    button.wait_for()
    with page.expect_navigation():
        button.click()
    page.wait_for_function(
        "old => caches.keys().then(n => n.filter(x => x.startsWith('shell-')))"
        ".then(s => s.length === 1 && s[0] !== old)", arg=old_shell[0])


def test_app_is_installable(persistent_page, own_server):
    page = persistent_page
    page.goto(own_server.url + "/ne/")
    wait_controlled(page)
    cdp = page.context.new_cdp_session(page)
    errors = cdp.send("Page.getInstallabilityErrors")
    assert errors["installabilityErrors"] == []
    manifest = cdp.send("Page.getAppManifest")
    assert manifest["errors"] == []
    assert manifest["url"].endswith("/ne/manifest.webmanifest")


def test_javascript_off_reads_the_same(browser, own_server):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(own_server.url + "/zh/guides/tax-number-nif")
    assert page.locator("article.guide ol li").count() >= 3
    assert page.locator("#save-panel").count() == 0 or not page.locator("#save-panel").is_visible()
    context.close()


def test_reader_can_remove_a_saved_pack(page, own_server):
    page.goto(own_server.url + "/ru/topics/health")
    wait_controlled(page)
    page.wait_for_function("() => !document.querySelector('.save-button').disabled")
    save_pack(page)
    assert ask_worker(page, {"type": "pack-state", "key": "ru-health"}) is not None
    page.locator(".remove-button").click()
    removed = page.locator("#save-panel").get_attribute("data-removed")
    page.wait_for_function("text => document.querySelector('.save-status').textContent === text", arg=removed)
    assert ask_worker(page, {"type": "pack-state", "key": "ru-health"}) is None
    assert "pack-ru-health" not in page.evaluate("caches.keys()")
