"""What a new reader meets on a 360 × 740 phone (and at 200% zoom, 180 CSS
px): hidden controls, the header's Help now link, target sizes, the guide's
first screen, the language menu and reflow."""
import pytest

pytestmark = pytest.mark.browser

GUIDE = "/en/guides/health-service-sns"  # machine-translated, with phone numbers
PAGES = ("/en/", "/en/topics/first-steps", GUIDE, "/ar/guides/tax-number-nif", "/en/offline", "/ar/translations")


@pytest.fixture
def phone360(browser):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    yield context.new_page()
    context.close()


@pytest.fixture
def zoomed(browser):
    """A 360 px phone at 200% zoom: 180 CSS px across."""
    context = browser.new_context(viewport={"width": 180, "height": 370}, device_scale_factor=4)
    yield context.new_page()
    context.close()


SHOWN_HIDDEN = """() => Array.from(document.querySelectorAll('[hidden]'))
    .filter(e => getComputedStyle(e).display !== 'none').map(e => e.outerHTML.slice(0, 80))"""


def test_hidden_always_wins(phone360, live_server):
    for path in PAGES:
        phone360.goto(live_server.url + path)
        phone360.wait_for_load_state("networkidle")
        assert phone360.evaluate(SHOWN_HIDDEN) == [], path
    phone360.goto(live_server.url + "/en/")
    phone360.locator(".save-button:not([disabled])").wait_for()
    assert not phone360.locator(".remove-button").is_visible(), "nothing to remove before saving"


def test_help_now_in_the_header_jumps_to_the_numbers(phone360, live_server):
    for path in PAGES:
        phone360.goto(live_server.url + path)
        link = phone360.locator("header .help-link")
        box = link.bounding_box()
        assert box["y"] + box["height"] <= 740 and box["height"] >= 44, path
        link.click()
        phone360.wait_for_function("location.hash === '#help'")
        numbers = phone360.locator("#help a[href='tel:112']").bounding_box()
        assert 0 <= numbers["y"] < 740, path


TARGETS = """() => Array.from(document.querySelectorAll('a[href], summary, button')).filter(e => {
    const r = e.getBoundingClientRect();
    return r.width > 0 && getComputedStyle(e).visibility !== 'hidden'
      && !e.closest('details:not([open]) > :not(summary)') && !e.classList.contains('skip');
}).map(e => { const r = e.getBoundingClientRect();
    return {text: e.textContent.trim().slice(0, 30), w: r.width, h: r.height}; })
  .filter(t => t.w < 24 || t.h < 24)"""


def test_every_link_is_at_least_24_px(phone360, live_server):
    for path in PAGES:
        phone360.goto(live_server.url + path)
        assert phone360.evaluate(TARGETS) == [], path
    phone360.goto(live_server.url + GUIDE)
    phones = phone360.locator("article a[href^='tel:']")
    assert phones.count() > 0
    for index in range(phones.count()):
        assert phones.nth(index).bounding_box()["height"] >= 24


def test_guide_first_screen(phone360, live_server):
    phone360.goto(live_server.url + GUIDE)
    crumbs = phone360.locator(".breadcrumbs ol").bounding_box()
    assert crumbs["height"] <= 50, "one line"
    notice = phone360.locator("details.notice.machine")
    assert notice.get_attribute("open") is None
    assert notice.bounding_box()["height"] <= 50, "one line until opened"
    notice.locator("summary").click()
    assert "translated by machine" in notice.inner_text()
    notice.locator("summary").click()
    title = phone360.locator("h1").bounding_box()
    assert title["y"] + title["height"] < 740 / 2, "the title is on the first half of the first screen"
    headings = phone360.locator("main h2").all_inner_texts()
    assert sum("where" in h.lower() for h in headings) == 1, headings


def test_language_menu_closes_when_focus_leaves(phone360, live_server):
    phone360.goto(live_server.url + "/en/")
    summary = phone360.locator("details.langs summary")
    summary.focus()
    phone360.keyboard.press("Enter")
    assert phone360.locator("details.langs").get_attribute("open") is not None
    for _ in range(12):  # through every language
        phone360.keyboard.press("Tab")
    assert phone360.evaluate("document.activeElement.closest('details.langs') !== null")
    phone360.keyboard.press("Tab")
    assert phone360.locator("details.langs").get_attribute("open") is None
    assert not phone360.locator("details.langs ul").is_visible()


@pytest.mark.parametrize("path", ["/en/", "/en/topics/first-steps", GUIDE, "/ar/guides/tax-number-nif",
                                  "/uk/guides/tax-number-nif", "/en/translations", "/ar/translations"])
def test_reflow_at_180_css_px(zoomed, live_server, path):
    zoomed.goto(live_server.url + path)
    assert zoomed.evaluate("document.documentElement.scrollWidth") <= 180, "no sideways scroll"
    summary = zoomed.locator("details.langs summary")
    box = summary.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 180
    summary.click()
    menu = zoomed.locator("details.langs ul").bounding_box()
    assert menu["x"] >= 0 and menu["x"] + menu["width"] <= 180
    assert zoomed.evaluate("document.documentElement.scrollWidth") <= 180


def test_long_words_hyphenate_in_the_page_language(zoomed, live_server):
    zoomed.goto(live_server.url + "/pt/guides/tax-number-nif")
    style = zoomed.evaluate("""() => { const s = getComputedStyle(document.querySelector('article p'));
        return [s.hyphens || s.webkitHyphens, s.overflowWrap]; }""")
    assert style == ["auto", "anywhere"]
    assert zoomed.locator("html").get_attribute("lang") == "pt-PT"
