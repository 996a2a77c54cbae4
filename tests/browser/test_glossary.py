"""Glossary terms in a saved guide, in real Chromium: the in-place
explanation works offline from the saved pack, and without JavaScript the
term is a plain link."""
import pytest

from tests.browser.test_offline import save_pack, wait_controlled

pytestmark = pytest.mark.browser


def test_urdu_reader_taps_a_term_offline_and_reads_it_in_urdu(page, own_server):
    page.goto(own_server.url + "/ur/")
    wait_controlled(page)
    page.wait_for_function("() => !document.querySelector('.save-button').disabled")
    save_pack(page)
    own_server.stop()
    page.goto(own_server.url + "/ur/guides/health-service-sns")
    term = page.locator("article.guide a.term[href='/ur/glossary/centro-de-saude']")
    assert term.count() == 1, "the first use only is linked"
    term.click()
    note = page.locator(".term-pop")
    note.wait_for()
    assert term.get_attribute("aria-expanded") == "true"
    assert "centro de saúde" in note.inner_text() and "ہیلتھ سینٹر" in note.inner_text()
    assert page.url.endswith("/ur/guides/health-service-sns"), "the reader stays on the guide"
    page.keyboard.press("Escape")
    assert page.locator(".term-pop").count() == 0
    page.goto(own_server.url + "/ur/glossary/centro-de-saude")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert "ہیلتھ سینٹر" in page.locator("h1").inner_text()


def test_without_javascript_a_term_is_a_plain_link(browser, live_server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/en/guides/health-service-sns")
    page.locator("article.guide a.term").first.click()
    page.wait_for_url("**/en/glossary/*")
    assert page.locator("h1").inner_text()
    context.close()
