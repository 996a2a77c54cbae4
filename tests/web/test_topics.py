"""Topic pages: their guides in order, in the reader's language or marked as
Portuguese, and the same answer as the API for every kind of topic."""
import re

import pytest


def test_topic_page_lists_its_guides_in_order(client, published):
    response = client.get("/pt/topics/papers")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert '<html lang="pt-PT" dir="ltr"' in html
    links = re.findall(r'href="(/pt/guides/[^"]+)"', html)
    assert links == ["/pt/guides/tax-number", "/pt/guides/bank-account"]
    assert "<h1>" in html and "Documentos" in html


def test_a_guide_missing_in_the_readers_language_is_marked_portuguese(client, published):
    html = client.get("/ar/topics/papers").get_data(as_text=True)
    assert 'dir="rtl"' in html
    assert "الحصول على الرقم" in html
    # The untranslated guide is shown in Portuguese, with its own lang and dir.
    assert re.search(r'href="/ar/guides/bank-account" lang="pt-PT" dir="ltr">Abrir conta<', html)


@pytest.mark.parametrize("url", ["/pt/topics/nowhere", "/xx/topics/papers", "/pt/topics/" + "a" * 300])
def test_unknown_topics_and_languages_are_404(client, published, url):
    assert client.get(url).status_code == 404


def test_a_topic_with_no_guides_answers_like_the_api(client, published):
    page = client.get("/pt/topics/health")
    api = client.get("/api/v1/guides?lang=pt&topic=health")
    assert (page.status_code, api.status_code) == (200, 200)
    assert api.json["items"] == [] and api.json["total"] == 0
    assert not re.search(r'href="/pt/guides/', page.get_data(as_text=True))
    # Neither lists it among the topics.
    assert "health" not in [t["slug"] for t in client.get("/api/v1/topics?lang=pt").json["items"]]
    assert 'href="/pt/topics/health"' not in client.get("/pt/").get_data(as_text=True)


def test_an_unpublished_topic_is_404_in_both(client, published, app, tree):
    from portal.content.publish import publish
    from tests.conftest import TOPICS

    tree.write("topics.yaml", TOPICS.split("- slug: health")[0])
    with app.app_context():
        assert publish(tree.root).published
    assert client.get("/pt/topics/health").status_code == 404
    assert client.get("/api/v1/guides?lang=pt&topic=health").status_code == 404
