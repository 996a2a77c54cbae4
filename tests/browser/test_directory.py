"""The directory in real Chromium: nearest-to-me with the server stopped
(position given to the browser, distances worked out on the device) and the
filters as a plain form with JavaScript off."""
import pytest

pytestmark = pytest.mark.browser

LISBON = {"latitude": 38.7223, "longitude": -9.1393}


def test_nearest_centre_with_the_server_stopped(browser, own_server):
    context = browser.new_context(viewport={"width": 320, "height": 640}, geolocation=LISBON,
                                  permissions=["geolocation"])
    try:
        page = context.new_page()
        page.goto(own_server.url + "/pt/services")
        page.evaluate("navigator.serviceWorker.ready.then(() => true)")
        page.wait_for_function("() => navigator.serviceWorker.controller !== null")
        page.wait_for_function("() => caches.open('pages').then(c => c.match('/pt/services')).then(Boolean)")
        assert page.evaluate("fetch('/pt/services/directory.json').then(r => r.ok)")
        page.wait_for_function(
            "() => caches.open('pages').then(c => c.match('/pt/services/directory.json')).then(Boolean)")
        own_server.stop()
        page.goto(own_server.url + "/pt/services")
        page.locator(".nearest-button").click()
        first = page.locator(".nearest-list li").first
        first.wait_for()
        assert "Lisboa" in first.inner_text() or "km" in first.inner_text()
        assert page.locator(".nearest-list .state").count() >= 5
        tel = page.locator(".nearest-list a.tel").first
        assert tel.get_attribute("href").startswith("tel:+351")
        assert page.evaluate("window.acolherNearestMs") < 50
    finally:
        context.close()


def test_filters_work_without_javascript(browser, live_server):
    context = browser.new_context(viewport={"width": 320, "height": 640}, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(live_server.url + "/ar/services")
        assert page.locator("html").get_attribute("dir") == "rtl"
        assert page.locator("#nearest").is_hidden()
        page.select_option("select[name=district]", "Faro")
        page.select_option("select[name=kind]", "local-centre")
        page.locator(".filters button[type=submit]").click()
        page.wait_for_url("**district=Faro**")
        headings = page.locator("main h2").all_inner_texts()
        assert headings == ["Faro"]
        assert page.locator("main .points li").count() >= 3
        assert "CLAIM" in page.locator("main .points").inner_text()
    finally:
        context.close()
