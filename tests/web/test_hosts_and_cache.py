"""Hostile Host headers and query strings."""
from portal.http import ResponseCache


def response_cache(app) -> ResponseCache:
    layer = app.wsgi_app
    while not isinstance(layer, ResponseCache):
        layer = layer.wsgi_app
    return layer


def test_slash_redirect_does_not_reflect_the_host(web):
    response = web.get("/pt", headers={"Host": "evil.example"})
    assert response.status_code == 308
    assert response.headers["Location"] == "/pt/"


def test_unknown_hosts_are_refused_when_trusted_hosts_is_set(make_site):
    app = make_site(RESPONSE_CACHE=True, TRUSTED_HOSTS=["acolher.example"])
    client = app.test_client()
    assert client.get("/pt/", headers={"Host": "acolher.example"}).status_code == 200
    # The page is now in the response cache: a forged host still gets nothing.
    refused = client.get("/pt/", headers={"Host": "evil.example"})
    assert refused.status_code == 400
    assert b"evil.example" not in refused.data
    assert client.get("/pt", headers={"Host": "evil.example"}).status_code == 400


def test_query_strings_do_not_multiply_cached_pages(site, web):
    cache = response_cache(site)
    first = web.get("/pt/guides/tax-number")
    before = len(cache.entries.data)
    for n in range(50):
        response = web.get(f"/pt/guides/tax-number?r={n}")
        assert response.status_code == 200
        assert response.headers["ETag"] == first.headers["ETag"]
    assert len(cache.entries.data) == before


def test_api_answers_still_depend_on_their_query(site, web):
    cache = response_cache(site)
    before = len(cache.entries.data)
    web.get("/api/v1/guides?lang=pt")
    web.get("/api/v1/guides?lang=en")
    assert len(cache.entries.data) == before + 2
