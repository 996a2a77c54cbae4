"""Glossary reader pages and the term links in guides."""
from __future__ import annotations

import re

from portal.content.loader import load
from tests.conftest import translation_text


def _main(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.get_data(as_text=True)
    return html[html.index("<main"): html.index("</main>")]


def test_index_is_alphabetical_and_grouped_by_first_letter(glossary_published, client):
    html = _main(client, "/en/glossary")
    assert re.findall(r'<h2 id="letter-\d+">(.)</h2>', html) == ["C", "N"]
    assert html.index("centro de saúde") < html.index(">NIF<")
    assert '<span lang="pt-PT">centro de saúde</span> — health centre</a>' in html
    assert 'href="/en/glossary/nif"' in html


def test_kept_portuguese_term_shows_the_name_on_signs_and_the_gloss(glossary_published, client):
    html = client.get("/ur/glossary/centro-de-saude").get_data(as_text=True)
    assert "<title>centro de saúde — ہیلتھ سینٹر · Acolher</title>" in html
    assert "(centro de saúde)" in html  # the explanation in Urdu keeps the Portuguese name
    assert 'href="/ur/guides/health-service-sns"' in html
    assert 'lang="ur" dir="rtl"' in html


def test_missing_translation_falls_back_to_portuguese_with_a_notice(glossary_published, client):
    html = _main(client, "/fr/glossary/nif")
    assert "pas encore disponible dans votre langue" in html
    assert 'class="term-explanation" lang="pt-PT" dir="ltr"' in html
    assert 'href="/fr/guides/tax-number"' in html  # guide links keep the reader's language
    assert "portaldasfinancas.gov.pt" in html and "2026" in html


def test_unknown_term_is_404(glossary_published, client):
    assert client.get("/en/glossary/no-such-term").status_code == 404


def test_first_use_of_a_term_links_once_never_in_headings_links_or_code(glossary_published, client):
    html = _main(client, "/pt/guides/health-service-sns")
    links = re.findall(r'<a class="term(?: short)?" href="([^"]+)">([^<]+)</a>', html)
    assert links == [("/pt/glossary/centro-de-saude", "centro de saúde"), ("/pt/glossary/nif", "NIF")]
    assert '<h2 id="where">Centro de saúde</h2>' in html
    assert "<code>centro de saúde</code>" in html


def test_translated_guides_match_the_translated_term_and_keep_the_readers_language(glossary_published, client):
    root = glossary_published.tree.root
    source = load(root).guides["health-service-sns"]["pt"].content_hash
    glossary_published.tree.guide("health-service-sns", lang="en", text=translation_text(
        source, title="National Health Service",
        body="Go to your Health Centre. Bring your tax number.\n"))
    assert glossary_published.publish().published
    html = _main(client, "/en/guides/health-service-sns")
    assert '<a class="term" href="/en/glossary/centro-de-saude">Health Centre</a>' in html
    assert '<a class="term" href="/en/glossary/nif">tax number</a>' in html
    # A guide shown in Portuguese matches Portuguese forms, links stay in Urdu.
    html = _main(client, "/ur/guides/tax-number")
    assert '<a class="term short" href="/ur/glossary/nif">NIF</a>' in html


def test_home_links_the_glossary_and_pages_carry_no_inline_script(glossary_published, client):
    assert 'href="/ar/glossary"' in client.get("/ar/").get_data(as_text=True)
    for url in ("/ar/glossary", "/ar/glossary/nif"):
        html = client.get(url).get_data(as_text=True)
        assert re.findall(r"<script[^>]*>", html) == [re.search(r"<script[^>]*>", html).group(0)]
        assert "src=" in re.search(r"<script[^>]*>", html).group(0)


def test_empty_glossary_says_so(client):
    assert "No glossary terms have been published yet." in _main(client, "/en/glossary")
