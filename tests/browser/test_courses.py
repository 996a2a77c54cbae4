"""The training offer in real Chromium: the programme page read again with
the server stopped, and the filters working with JavaScript off."""
import pytest

from tests.browser.test_offline import wait_controlled, wait_kept

pytestmark = pytest.mark.browser


def test_nepali_reader_reads_the_saved_programme_page_with_the_server_stopped(page, own_server):
    page.goto(own_server.url + "/ne/courses")
    wait_controlled(page)
    page.locator('a[href="/ne/courses/pla-a1-a2"]').first.click()
    page.wait_for_url("**/ne/courses/pla-a1-a2")
    wait_kept(page, "/ne/courses/pla-a1-a2")
    own_server.stop()
    page.goto(own_server.url + "/ne/courses/pla-a1-a2")
    assert page.locator("html").get_attribute("lang") == "ne"
    assert "A1+A2" in page.locator("h1").inner_text()
    body = page.locator("article.course").inner_text()
    assert "नागरिकता" in body and "स्थायी बसोबास अनुमति" in body  # what A2 is good for
    page.locator("#sw-notes p").first.wait_for()


def test_filters_work_without_javascript(browser, live_server):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 320, "height": 640})
    try:
        page = context.new_page()
        page.goto(live_server.url + "/en/courses")
        page.locator("details.course-filters > summary").click()
        page.select_option("#f-audience", "staff")
        page.locator("form.filter-form button[type=submit]").click()
        page.wait_for_url("**/en/courses?*audience=staff*")
        listed = page.locator("#programmes-heading + ul a").all_inner_texts()
        assert len(listed) == 1 and "staff" in listed[0].lower()
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 320
    finally:
        context.close()
