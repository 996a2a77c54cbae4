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


def test_the_cache_version_does_not_repeat_after_a_database_rebuild(make_app, database_url, tree):
    from portal.content.publish import publish
    from portal.extensions import db

    app = make_app(database_url)
    client = app.test_client()
    tree.guide("tax-number", title="Primeira base")
    with app.app_context():
        assert publish(tree.root).published
    assert "Primeira base" in client.get("/pt/guides/tax-number").get_data(as_text=True)
    with app.app_context():  # as `flask db downgrade base && flask db upgrade` leaves it
        db.drop_all()
        db.create_all()
    tree.guide("tax-number", title="Segunda base")
    with app.app_context():
        assert publish(tree.root).published  # the same number of events as before
    assert "Segunda base" in client.get("/pt/guides/tax-number").get_data(as_text=True)
