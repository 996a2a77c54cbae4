"""/api/v1/glossary: list, detail, ETags, pagination, OpenAPI, packs, feed."""
from __future__ import annotations


def test_list_is_alphabetical_with_gloss_and_pagination(glossary_published, client):
    response = client.get("/api/v1/glossary?lang=en&per_page=1")
    assert response.status_code == 200
    body = response.get_json()
    assert body["total"] == 2 and [i["slug"] for i in body["items"]] == ["centro-de-saude"]
    item = body["items"][0]
    assert item["term"] == "centro de saúde" and item["gloss"] == "health centre"
    assert item["keep_portuguese"] is True and item["also"] == ["unidade de saúde familiar", "USF"]
    assert item["web_url"] == "/en/glossary/centro-de-saude" and item["status"] == "up-to-date"
    assert response.headers["X-Total-Count"] == "2"
    assert 'rel="next"' in response.headers["Link"]
    again = client.get("/api/v1/glossary?lang=en&per_page=1",
                       headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304


def test_detail_falls_back_to_portuguese_and_says_so(glossary_published, client):
    body = client.get("/api/v1/glossary/nif?lang=fr").get_json()
    assert body["status"] == "missing" and body["lang"] == "pt" and body["gloss"] is None
    assert body["see_also"] == ["tax-number"] and body["sources"][0]["url"].startswith("https://")
    assert 'href="/fr/guides/tax-number"' in body["body_html"]
    assert body["provenance"]["method"] == "source"
    body = client.get("/api/v1/glossary/centro-de-saude?lang=ur").get_json()
    assert body["lang"] == "ur" and body["provenance"]["method"] == "machine"


def test_errors_have_the_api_shape(glossary_published, client):
    missing = client.get("/api/v1/glossary/nothing?lang=en")
    assert missing.status_code == 404 and missing.get_json()["error"]["code"] == "term_not_found"
    bad = client.get("/api/v1/glossary?lang=xx&color=red")
    assert bad.status_code == 400 and bad.get_json()["error"]["code"] == "invalid_parameters"


def test_openapi_documents_the_glossary(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    assert "/api/v1/glossary" in paths and "/api/v1/glossary/{slug}" in paths


def test_change_feed_names_the_kind(glossary_published, client):
    items = client.get("/api/v1/changes?limit=1000").get_json()["items"]
    assert {"guide", "topic", "glossary"} <= {i["item_type"] for i in items}


def test_every_languages_pack_carries_the_glossary(glossary_published, client):
    for lang in ("ur", "fr"):
        urls = [e["url"] for e in client.get(f"/api/v1/offline-packs/{lang}").get_json()["entries"]]
        assert f"/{lang}/glossary" in urls and f"/{lang}/glossary/centro-de-saude" in urls
        assert f"/{lang}/guides/health-service-sns" in urls
    urls = [e["url"] for e in client.get("/api/v1/offline-packs/ur?topic=health").get_json()["entries"]]
    assert "/ur/glossary/nif" in urls and "/ur/guides/tax-number" not in urls
