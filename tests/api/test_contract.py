"""The public JSON shape partners rely on. Change it only with a new version."""
from datetime import datetime

GUIDE_SUMMARY_KEYS = {"slug", "lang", "title", "summary", "topic", "status", "content_hash",
                      "updated_at", "url", "web_url", "translations"}
GUIDE_KEYS = GUIDE_SUMMARY_KEYS | {"cost", "duration", "last_checked", "body_html", "steps", "bring",
                                   "sections", "sources", "where_to_go", "related", "provenance"}


def test_languages(api):
    body = api.get("/api/v1/languages").get_json()
    by_code = {item["code"]: item for item in body["items"]}
    assert len(by_code) == 12
    assert by_code["ar"] == {"code": "ar", "native_name": "العربية", "tag": "ar", "direction": "rtl",
                             "guides_available": 0.5, "guides_up_to_date": 0.5}
    assert by_code["zh"]["tag"] == "zh-Hans"
    assert by_code["pt"]["guides_up_to_date"] == 1.0


def test_topics(api):
    body = api.get("/api/v1/topics?lang=en").get_json()
    assert body["lang"] == "en"
    assert body["items"] == [
        {"slug": "papers", "icon": "id-card", "title": "Papers en", "guide_count": 1, "url": "/en/topics/papers"},
        {"slug": "health", "icon": "heart", "title": "Health en", "guide_count": 1, "url": "/en/topics/health"},
    ]


def test_guide_list(api):
    response = api.get("/api/v1/guides?lang=ar")
    body = response.get_json()
    assert response.headers["X-Total-Count"] == "2"
    assert (body["lang"], body["page"], body["per_page"], body["total"]) == ("ar", 1, 50, 2)
    first, second = body["items"]
    assert set(first) == GUIDE_SUMMARY_KEYS
    assert first["slug"] == "tax-number" and first["lang"] == "ar" and first["status"] == "up-to-date"
    assert first["url"] == "/api/v1/guides/tax-number?lang=ar"
    assert first["web_url"] == "/ar/guides/tax-number"
    assert [t["lang"] for t in first["translations"]] == ["ar", "en", "pt"]
    assert second["slug"] == "health-number" and second["lang"] == "pt" and second["status"] == "missing"
    datetime.fromisoformat(first["updated_at"])


def test_guide_list_pagination_and_filters(api):
    response = api.get("/api/v1/guides?per_page=1&page=1")
    assert response.get_json()["total"] == 2 and len(response.get_json()["items"]) == 1
    assert 'rel="next"' in response.headers["Link"]
    assert "page=2" in response.headers["Link"]
    assert api.get("/api/v1/guides?per_page=1&page=3").get_json()["items"] == []
    assert [g["slug"] for g in api.get("/api/v1/guides?topic=health").get_json()["items"]] == ["health-number"]
    assert api.get("/api/v1/guides?changed_since=2999-01-01T00:00:00Z").get_json()["total"] == 0
    assert api.get("/api/v1/guides?changed_since=2000-01-01T00:00:00%2B01:00").get_json()["total"] == 2


def test_guide_detail(api):
    body = api.get("/api/v1/guides/tax-number?lang=pt").get_json()
    assert set(body) == GUIDE_KEYS
    assert body["steps"] == ["Vá às Finanças.", "Peça o NIF."]
    assert body["bring"] == ["Passaporte"]
    assert body["sections"] == [{"id": "steps", "title": "Passos"}, {"id": "bring", "title": "O que levar"}]
    assert body["sources"] == [{"title": "Portal", "url": "https://www.portaldasfinancas.gov.pt/"}]
    assert body["where_to_go"] == [{"type": "tax-office", "name": "Finanças"}]
    assert body["related"] == ["health-number"]
    english = api.get("/api/v1/guides/tax-number?lang=en").get_json()
    assert english["where_to_go"] == [{"type": "tax-office", "name": "Tax office (Finanças)"}]
    assert body["last_checked"] == "2026-11-27"
    assert body["provenance"] == {"method": "source", "source_revision": None, "outdated": False,
                                  "outdated_since": None}
    assert '<a href="/pt/guides/health-number">' in body["body_html"]


def test_translated_detail_has_provenance(api):
    body = api.get("/api/v1/guides/tax-number?lang=en").get_json()
    assert body["lang"] == "en" and body["title"] == "Get a NIF"
    assert body["provenance"]["method"] == "machine"
    assert len(body["provenance"]["source_revision"]) == 16


def test_missing_translation_falls_back_to_portuguese(api):
    body = api.get("/api/v1/guides/health-number?lang=uk").get_json()
    assert body["lang"] == "pt" and body["status"] == "missing"


def test_non_latin_json_is_plain_utf8(api):
    raw = api.get("/api/v1/guides/tax-number?lang=ar").get_data()
    assert "الحصول".encode() in raw and b"\\u0627" not in raw


def test_changes_feed_shape(api):
    body = api.get("/api/v1/changes").get_json()
    assert set(body) == {"items", "next_cursor", "has_more"}
    assert body["has_more"] is False
    assert {"action", "item_type", "slug", "lang", "content_hash", "at"} == set(body["items"][0])
    kinds = [(i["item_type"], i["slug"], i["lang"]) for i in body["items"]]
    assert ("topic", "papers", None) in kinds and ("guide", "tax-number", "ar") in kinds


def test_offline_pack(api):
    body = api.get("/api/v1/offline-packs/ar").get_json()
    assert body["lang"] == "ar" and body["topic"] is None
    urls = [e["url"] for e in body["entries"]]
    assert urls[:2] == ["/ar/", "/ar/offline"]
    assert {"/ar/topics/papers", "/ar/guides/tax-number", "/ar/guides/health-number"} <= set(urls)
    assert any(u.startswith("/static/css/site.") for u in urls)
    assert body["total_size"] == sum(e["size"] for e in body["entries"])
    page = next(e for e in body["entries"] if e["url"] == "/ar/guides/tax-number")
    etag = api.get("/ar/guides/tax-number", headers={"Accept-Encoding": "identity"}).headers["ETag"]
    assert etag == f'"{page["hash"]}"'
    topic = api.get("/api/v1/offline-packs/ar?topic=health").get_json()
    assert "/ar/guides/tax-number" not in [e["url"] for e in topic["entries"]]


def test_openapi_is_3_1_and_generated_from_schemas(api):
    spec = api.get("/api/v1/openapi.json").get_json()
    assert spec["openapi"] == "3.1.0"
    assert {"/api/v1/guides", "/api/v1/guides/{slug}", "/api/v1/changes",
            "/api/v1/offline-packs/{lang}", "/api/v1/languages", "/api/v1/topics"} <= set(spec["paths"])
    assert "GuideSummary" in spec["components"]["schemas"]
    assert "Error" in spec["components"]["schemas"]


def test_reference_page_uses_no_third_party_asset(api):
    response = api.get("/api/v1/docs")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "GET /api/v1/changes" in html
    assert "https://" not in html.split("<main")[0]


def test_offline_pack_built_after_cached_pages_is_complete(api):
    """Pages already in the response cache must not confuse the pack builder."""
    for url in ("/ar/", "/ar/guides/tax-number", "/ar/topics/papers"):
        api.get(url, headers={"Accept-Encoding": "br"})
    response = api.get("/api/v1/offline-packs/ar")
    assert response.status_code == 200
    assert all(len(e["hash"]) in (12, 32) for e in response.get_json()["entries"])


def test_partner_guide_is_served_from_the_reference(api):
    reference = api.get("/api/v1/docs").get_data(as_text=True)
    assert 'href="/api/v1/docs/guide"' in reference and "docs/api.md" not in reference
    response = api.get("/api/v1/docs/guide")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and response.mimetype == "text/html"
    assert "<script" not in html and "<table>" in html
    assert "curl --compressed" in html.split("<h2")[1]  # the three steps come first
    import re

    ids = set(re.findall(r' id="([^"]+)"', html))
    assert {"rate-limits", "cors", "evolution"} <= ids
    assert set(re.findall(r'href="#([^"]+)"', html)) <= ids


def test_documentation_is_not_rate_limited(make_app, sample):
    from tests.api.conftest import publish_tree

    app = make_app(API_RATE_LIMIT="2 per minute")
    publish_tree(app, sample)
    client = app.test_client()
    for _ in range(4):
        for url in ("/api/v1/openapi.json", "/api/v1/docs", "/api/v1/docs/guide"):
            assert client.get(url).status_code == 200
    assert client.get("/api/v1/languages").status_code == 200
    assert client.get("/api/v1/languages").status_code == 200
    assert client.get("/api/v1/languages").status_code == 429


def test_api_modules_read_only_through_the_read_layer():
    """Every query behind the API lives in portal/read/."""
    from pathlib import Path

    import portal.api

    for module in Path(portal.api.__file__).parent.glob("*.py"):
        source = module.read_text(encoding="utf-8")
        assert "import db" not in source and "models import" not in source, module.name
