"""Languages, layout and privacy as a reader's browser sees them."""
import pytest

from portal.i18n import LANGUAGES

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("code", ["pt", "ar", "ur", "zh", "hi"])
def test_lang_and_dir_and_mirrored_layout(page, live_server, code):
    page.goto(f"{live_server.url}/{code}/guides/tax-number-nif")
    lang = LANGUAGES[code]
    assert page.locator("html").get_attribute("lang") == lang.tag
    assert page.locator("html").get_attribute("dir") == lang.direction
    assert page.evaluate("getComputedStyle(document.body).direction") == lang.direction
    brand = page.locator(".brand").bounding_box()
    if lang.rtl:
        assert brand["x"] > 320 / 2, "the brand sits on the right in RTL"
    else:
        assert brand["x"] < 320 / 2


def test_accept_language_lands_in_the_browser_language(browser, live_server):
    context = browser.new_context(locale="uk-UA")
    page = context.new_page()
    page.goto(live_server.url + "/")
    assert page.url == f"{live_server.url}/uk/"
    assert page.locator("html").get_attribute("lang") == "uk"
    context.close()


def test_language_chooser_keeps_the_page(page, live_server):
    page.goto(f"{live_server.url}/en/guides/health-service-sns")
    page.locator("details.langs summary").click()
    page.locator("details.langs").get_by_role("link", name="العربية").click()
    page.wait_for_url(f"{live_server.url}/ar/guides/health-service-sns")
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.locator("details.langs summary").click()
    page.locator("details.langs").get_by_role("link", name="简体中文").click()
    page.wait_for_url(f"{live_server.url}/zh/guides/health-service-sns")


def test_language_chooser_works_without_javascript(browser, live_server):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(f"{live_server.url}/pt/")
    page.locator("details.langs summary").click()
    page.locator("details.langs").get_by_role("link", name="Русский").click()
    page.wait_for_url(f"{live_server.url}/ru/")
    assert page.locator("h1").inner_text()
    context.close()


def test_no_request_leaves_the_origin(page, live_server):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    for path in ("/pt/", "/ar/", "/en/topics/health", "/bn/guides/tax-number-nif", "/xx/"):
        page.goto(live_server.url + path)
        page.wait_for_load_state("networkidle")
    assert requested
    outside = [url for url in requested if not url.startswith(live_server.url + "/")]
    assert outside == []


@pytest.mark.parametrize("path", ["/ar/", "/ur/guides/residence-permits-aima", "/en/topics/protection", "/ne/guides/arriving-first-steps"])
def test_no_horizontal_scroll_at_320px(page, live_server, path):
    page.goto(live_server.url + path)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320


def test_tap_targets_in_the_page_chrome_are_44px(page, live_server):
    page.goto(f"{live_server.url}/fr/guides/tax-number-nif")
    page.locator("details.langs summary").click()
    selectors = ".brand, details.langs summary, details.langs a, .breadcrumbs a, .essentials a, .sources a, .guide-list a"
    small = []
    for handle in page.locator(selectors).element_handles():
        box = handle.bounding_box()
        if box and box["height"] < 44:
            small.append((handle.inner_text(), box["height"]))
    assert small == []


def test_skip_link_moves_focus_to_content(page, live_server):
    page.goto(f"{live_server.url}/es/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
