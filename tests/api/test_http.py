"""HTTP behaviour of the API: ETags, 304, Last-Modified, CORS, HEAD, encoding."""


def test_etag_and_304_without_body(api):
    first = api.get("/api/v1/guides/tax-number?lang=en")
    assert first.headers["ETag"] and not first.headers["ETag"].startswith("W/")
    assert first.headers["Last-Modified"].endswith("GMT")
    again = api.get("/api/v1/guides/tax-number?lang=en", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""


def test_every_get_endpoint_has_an_etag(api):
    for url in ("/api/v1/languages", "/api/v1/topics", "/api/v1/guides", "/api/v1/changes",
                "/api/v1/offline-packs/pt", "/api/v1/openapi.json"):
        assert api.get(url).headers.get("ETag"), url


def test_cors_for_any_origin(api):
    response = api.get("/api/v1/guides", headers={"Origin": "https://partner.example"})
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response.headers["Access-Control-Expose-Headers"]
    preflight = api.options("/api/v1/guides", headers={"Origin": "https://partner.example",
                                                      "Access-Control-Request-Method": "GET"})
    assert preflight.status_code == 200
    assert preflight.headers["Access-Control-Allow-Origin"] == "*"


def test_head(api):
    response = api.head("/api/v1/guides")
    assert response.status_code == 200 and response.data == b""


def test_json_is_compressed(api):
    response = api.get("/api/v1/guides", headers={"Accept-Encoding": "gzip, br"})
    assert response.headers["Content-Encoding"] == "br"
    assert "Accept-Encoding" in response.headers["Vary"]
