"""ETags, 304s, compression and cache headers for pages."""


def test_page_has_etag_and_revalidating_cache_control(client):
    response = client.get("/pt/")
    assert response.headers["ETag"]
    cache = response.headers["Cache-Control"]
    assert "public" in cache and "max-age=0" in cache and "s-maxage=" in cache


def test_if_none_match_gives_304_without_body(client):
    etag = client.get("/pt/").headers["ETag"]
    response = client.get("/pt/", headers={"If-None-Match": etag})
    assert response.status_code == 304
    assert response.data == b""


def test_brotli_and_gzip_have_their_own_etags(client):
    br = client.get("/en/", headers={"Accept-Encoding": "br"})
    gz = client.get("/en/", headers={"Accept-Encoding": "gzip"})
    plain = client.get("/en/", headers={"Accept-Encoding": "identity"})
    assert br.headers["Content-Encoding"] == "br"
    assert gz.headers["Content-Encoding"] == "gzip"
    assert "Content-Encoding" not in plain.headers
    assert len({br.headers["ETag"], gz.headers["ETag"], plain.headers["ETag"]}) == 3
    assert "Accept-Encoding" in br.headers["Vary"]
    again = client.get("/en/", headers={"Accept-Encoding": "br", "If-None-Match": br.headers["ETag"]})
    assert again.status_code == 304


def test_head_is_supported(client):
    response = client.head("/pt/")
    assert response.status_code == 200
    assert response.data == b""


def test_error_pages_are_not_cached(client):
    assert client.get("/xx/").headers["Cache-Control"] == "no-store"
