"""Search over the starter content, on SQLite and on PostgreSQL: what a new
reader types finds the right guide first, bad input never breaks it, and the
page, the API and the offline index agree."""
from __future__ import annotations

import json

import pytest

from portal.read.search import search


@pytest.fixture
def client(starter):
    return starter.test_client()


@pytest.mark.parametrize(("lang", "query"), [
    ("pt", "nif"),
    ("pt", "contribuinte"),
    ("en", "tax number"),
    ("ar", "ضريبي"),  # inside الضريبي
    ("ur", "ٹيكس نمبر"),  # Arabic yeh and kaf for the Urdu ی and ک of ٹیکس نمبر
    ("ur", "ٹيكس"),
    ("zh", "税号"),
    ("pt", "nfi"),  # a typo
    ("uk", "податковий номер"),
    ("pt", "ＮＩＦ"),  # full width
    ("fr", "numero fiscal"),  # an editor's synonym, without the accent
    ("en", "taxpayer number"),  # an editor's synonym of NIF
])
def test_the_tax_number_guide_comes_first(starter, lang, query):
    with starter.app_context():
        results = search(query, lang)
    assert results.items, (lang, query)
    first = results.items[0]
    assert (first.kind, first.slug, first.lang) == ("guide", "tax-number-nif", lang)


def test_a_typo_is_corrected_and_said(starter):
    with starter.app_context():
        assert search("nfi", "pt").corrected == "nif"
        assert search("nif", "pt").corrected is None


def test_glossary_terms_are_found_by_their_portuguese_name_in_every_language(starter):
    with starter.app_context():
        found = [(hit.kind, hit.slug) for hit in search("número de identificação fiscal", "bn").items]
    assert ("glossary", "nif") in found and ("guide", "tax-number-nif") in found


def test_topics_are_found_and_filtered_by_type(starter):
    with starter.app_context():
        hits = search("saúde", "pt", ("topic",)).items
    assert hits and {hit.kind for hit in hits} == {"topic"}
    assert hits[0].url == "/pt/topics/health"


def test_portuguese_results_when_nothing_matches_in_the_language(starter, client):
    with starter.app_context():
        results = search("senhorio", "zh")
    assert results.fallback and results.results_lang == "pt"
    assert all(hit.lang == "pt" for hit in results.items)
    page = client.get("/zh/search?q=senhorio").get_data(as_text=True)
    assert 'lang="pt-PT"' in page.split('id="search-results"')[1]


def test_results_are_highlighted_and_escaped(client):
    page = client.get("/pt/search?q=nif").get_data(as_text=True)
    results = page.split('id="search-results"')[1]
    assert '<a href="/pt/guides/tax-number-nif">Pedir o número de contribuinte (<mark>NIF</mark>)</a>' in results


BAD = [
    "", " ", "a" * 10_000, '"', "*", "NEAR", "NEAR(nif saude)", ":", "-", "^", "()", "(nif", "nif)",
    "OR", "AND", "NOT", "nif OR saude", "nif AND NOT saude", "title:nif", "{title}:nif", '"nif',
    "'; DROP TABLE search_doc; --", "1' OR '1'='1", "nif' UNION SELECT * FROM revision --",
    "<script>alert(1)</script>", '<img src=x onerror="alert(1)">', "nif\u202esaude", "\u202e\u202d\u2066",
    "nif 税号 ضريبي податковий", "🙂", "🙂 nif 🙂", "nif\x00saude", "\x00", "%", "_", "%nif%", "\\", "nif*",
    "ـــــ", "\u0301", "\ufeff",
]


@pytest.mark.parametrize("query", BAD)
def test_bad_input_never_breaks_the_page_or_the_api(client, query):
    page = client.get("/ar/search", query_string={"q": query})
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "<script>alert" not in text and "<img src=x" not in text
    api = client.get("/api/v1/search", query_string={"q": query, "lang": "ar"})
    assert api.status_code == 200, api.get_json()
    body = api.get_json()
    assert body["query"] == query[:200].strip()


def test_html_in_the_query_is_shown_escaped(client):
    text = client.get("/pt/search", query_string={"q": "<b>nif</b>"}).get_data(as_text=True)
    assert 'value="&lt;b&gt;nif&lt;/b&gt;"' in text


def test_api_returns_the_same_results_with_etags(client, starter):
    response = client.get("/api/v1/search?q=tax+number&lang=en")
    body = response.get_json()
    assert response.status_code == 200 and body["items"][0]["slug"] == "tax-number-nif"
    first = body["items"][0]
    assert first["web_url"] == "/en/guides/tax-number-nif"
    assert first["url"] == "/api/v1/guides/tax-number-nif?lang=en"
    assert [first["title"][start:end].lower() for start, end in first["title_highlights"]] == ["tax", "number"]
    again = client.get("/api/v1/search?q=tax+number&lang=en", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304
    with starter.app_context():
        assert [h.slug for h in search("tax number", "en").items] == [i["slug"] for i in body["items"]]


def test_api_refuses_unknown_types_and_languages(client):
    for query in ("q=nif&type=recipe", "q=nif&lang=xx", "q=nif&q=saude", "q=nif&page=2"):
        response = client.get(f"/api/v1/search?{query}")
        assert response.status_code == 400
        assert response.get_json()["error"]["code"] == "invalid_parameters"


def test_every_page_header_links_to_search(client):
    for url in ("/pt/", "/ar/guides/tax-number-nif", "/zh/glossary", "/uk/offline", "/en/search"):
        text = client.get(url).get_data(as_text=True)
        header = text.split('<header class="site-header">')[1].split("</header>")[0]
        assert f'class="search-link" href="/{url.split("/")[1]}/search"' in header


def test_the_search_script_loads_only_on_the_search_page(client):
    assert "/js/search." not in client.get("/pt/").get_data(as_text=True)
    assert "/js/search." in client.get("/pt/search").get_data(as_text=True)


def test_each_language_pack_carries_its_search_index(client):
    pack = client.get("/api/v1/offline-packs/uk").get_json()
    urls = {entry["url"]: entry for entry in pack["entries"]}
    assert "/uk/search" in urls and "/uk/search-index.json" in urls
    assert any("/js/vendor/minisearch." in url for url in urls)
    index = client.get("/uk/search-index.json", headers={"Accept-Encoding": "identity"})
    assert index.headers["ETag"].strip('"') == urls["/uk/search-index.json"]["hash"]
    data = json.loads(index.data)
    tax = [doc for doc in data["docs"] if doc[0] == "/uk/guides/tax-number-nif"]
    assert tax and "податковии" in tax[0][4] and "nif" in tax[0][5]
    topic_pack = client.get("/api/v1/offline-packs/uk?topic=health").get_json()
    assert not any("search" in entry["url"] for entry in topic_pack["entries"])
