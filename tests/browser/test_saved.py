"""Saving for offline reading as a new reader sees it on a 360 × 740 phone:
what the save panel promises, how it says it is done, what "/" and the home
page show offline, the worker's last-resort page, and the one installed app."""
import re

import pytest

from tests.browser.test_offline import save_pack, wait_controlled, wait_kept

pytestmark = pytest.mark.browser


@pytest.fixture
def phone360(browser):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    yield context.new_page()
    context.close()


def test_save_panel_says_what_it_will_do_and_that_it_is_done(phone360, own_server):
    page = phone360
    page.goto(own_server.url + "/en/")
    wait_controlled(page)
    manifest = page.evaluate("fetch('/api/v1/offline-packs/en').then(r => r.json())")
    guides = len([e for e in manifest["entries"] if "/guides/" in e["url"]])
    plan = page.locator(".save-plan")
    page.wait_for_function("() => document.querySelector('.save-plan').textContent")
    text = plan.inner_text()
    assert re.fullmatch(rf"{guides} guides · \d+ kB to download · about [\d.]+ MB on this phone", text), text
    download = int(re.search(r"(\d+) kB", text).group(1))
    assert download == -(-manifest["total_size"] // 1024)
    save_pack(page)
    assert page.locator(".save-button").inner_text() == "✓ Saved · Update"
    assert re.search(r"20\d\d", page.locator(".save-status").inner_text()), "the date it was saved"
    usage = page.evaluate("navigator.storage.estimate().then(e => e.usage)")
    assert 2 < usage / manifest["total_size"] < 8, "the storage factor of 4 is the right order"
    own_server.stop()
    page.goto(own_server.url + "/en/topics/first-steps")
    status = page.locator("#save-panel .save-status")
    expected = page.locator("#save-panel").get_attribute("data-all-saved")
    page.wait_for_function("text => document.querySelector('#save-panel .save-status').textContent === text",
                           arg=expected)
    assert "Connect" not in status.inner_text()


def test_root_opens_the_devices_language_and_offline_home_lists_what_is_saved(phone360, own_server):
    page = phone360
    for path in ("/ar/guides/tax-number-nif", "/ar/"):
        page.goto(own_server.url + path)
        wait_controlled(page)
        wait_kept(page, path)
    page.goto(own_server.url + "/")
    assert page.url == own_server.url + "/ar/", "online too: the language last read here"
    own_server.stop()
    page.goto(own_server.url + "/")
    assert page.url == own_server.url + "/ar/"
    assert page.locator("html").get_attribute("lang") == "ar"
    saved = page.locator("#saved-section")
    saved.wait_for()
    assert saved.locator("a[href='/ar/guides/tax-number-nif']").count() == 1
    assert page.locator("header .help-link").is_visible()


def test_last_resort_page_speaks_the_readers_language(phone360, own_server):
    page = phone360
    page.goto(own_server.url + "/ur/guides/tax-number-nif")
    wait_controlled(page)
    page.evaluate("caches.keys().then(names => Promise.all(names.map(n => caches.delete(n))))")
    own_server.stop()
    page.goto(own_server.url + "/ur/guides/asylum")
    assert page.locator("html").get_attribute("lang") == "ur"
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("a[href='#help']").count() == 1
    assert page.locator("a[href='tel:112']").count() == 1


def test_one_installed_app_whose_start_page_follows_the_device(persistent_page, own_server):
    page = persistent_page
    cdp = page.context.new_cdp_session(page)
    ids, manifests = set(), []
    for code in ("pt", "ar"):
        page.goto(f"{own_server.url}/{code}/")
        wait_controlled(page)
        parsed = cdp.send("Page.getAppManifest")
        assert parsed["errors"] == []
        ids.add(cdp.send("Page.getAppId")["appId"])
        manifests.append(page.evaluate("fetch(document.querySelector('link[rel=manifest]').href).then(r => r.json())"))
    assert len(ids) == 1, "every language's manifest is the same app"
    assert {m["start_url"] for m in manifests} == {"/"}
    assert [m["lang"] for m in manifests] == ["pt-PT", "ar"]
    arabic = manifests[1]
    assert {s["form_factor"] for s in arabic["screenshots"]} == {"narrow", "wide"}
    images = [s["src"] for s in arabic["screenshots"]] + [i["src"] for s in arabic["shortcuts"] for i in s["icons"]]
    assert len(images) >= 6
    for src in images:
        assert page.evaluate("src => fetch(src).then(r => r.ok && r.headers.get('content-type'))", src) == "image/png"
    page.goto(own_server.url + arabic["start_url"])
    assert page.url == own_server.url + "/ar/", "the app opens in the language last used"


def test_root_falls_back_to_a_saved_packs_language(phone360, own_server):
    page = phone360
    page.goto(own_server.url + "/fr/topics/health")
    wait_controlled(page)
    save_pack(page)
    page.evaluate("caches.open('acolher-meta').then(c => c.delete('/__acolher/last-language'))")
    own_server.stop()
    page.goto(own_server.url + "/")
    assert page.url == own_server.url + "/fr/"
    assert page.locator("html").get_attribute("lang") == "fr"
