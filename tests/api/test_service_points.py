"""/api/v1/service-points: filters, pages, ETags and 304, the GeoJSON
variant, errors with stable codes, and change-feed events."""
from __future__ import annotations

import pytest

from tests.api.conftest import publish_tree
from tests.services_support import point_text


@pytest.fixture
def api(make_app, tree):
    tree.write("services/claim-teste.yaml", point_text())
    tree.write("services/claim-lisboa.yaml", point_text(
        id="claim-lisboa", name={"pt": "CLAIM de Lisboa"}, municipality="Lisboa", district="Lisboa",
        coordinates=None, languages=["pt", "uk"]))
    app = make_app()
    publish_tree(app, tree)
    return app.test_client()


def test_list_filters_and_fields(api):
    body = api.get("/api/v1/service-points?district=Faro&language=ar&lang=en").get_json()
    assert body["total"] == 1
    item = body["items"][0]
    assert item["id"] == "claim-teste" and item["name"] == {"text": "Test local centre", "lang": "en"}
    assert item["phones"][0]["e164"] == "+351289000000" and item["location"]["approximate"] is False
    assert item["open_now"]["state"] in ("open", "closed") and item["web_url"] == "/en/services/claim-teste"
    lisboa = api.get("/api/v1/service-points/claim-lisboa").get_json()
    assert lisboa["location"]["approximate"] is True and "GeoNames" in lisboa["location"]["source"]


def test_etag_and_304(api):
    first = api.get("/api/v1/service-points")
    again = api.get("/api/v1/service-points", headers={"If-None-Match": first.headers["ETag"]})
    assert first.status_code == 200 and again.status_code == 304
    assert first.headers["X-Total-Count"] == "2"


@pytest.mark.parametrize("how", [{"query_string": {"format": "geojson"}},
                                 {"headers": {"Accept": "application/geo+json"}}])
def test_geojson_variant(api, how):
    response = api.get("/api/v1/service-points", **how)
    assert response.mimetype == "application/geo+json"
    features = {f["id"]: f for f in response.get_json()["features"]}
    assert features["claim-teste"]["geometry"] == {"type": "Point", "coordinates": [-7.9304, 37.0194]}
    assert features["claim-lisboa"]["properties"]["approximate"] is True


def test_errors_have_stable_codes(api):
    missing = api.get("/api/v1/service-points/nope")
    assert missing.status_code == 404 and missing.get_json()["error"]["code"] == "service_point_not_found"
    bad = api.get("/api/v1/service-points?district=%3Cscript%3E")
    assert bad.status_code == 400 and bad.get_json()["error"]["code"] == "invalid_parameters"


def test_change_feed_names_service_points(api):
    events = api.get("/api/v1/changes").get_json()["items"]
    assert {("service", "claim-teste", "pt"), ("service", "claim-teste", "en")} <= {
        (e["item_type"], e["slug"], e["lang"]) for e in events}
