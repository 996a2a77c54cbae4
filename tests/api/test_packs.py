"""Offline packs are never built from pages older than the version they are
keyed by."""
import hashlib

from portal import create_app
from tests.api.conftest import publish_tree


def _entry(pack: dict, url: str) -> dict:
    return next(e for e in pack["entries"] if e["url"] == url)


def test_a_pack_built_just_after_a_publish_has_the_new_pages(make_app, tree):
    # The response cache believes its content version for a minute, so the
    # pages it holds are those of the previous publish.
    app = make_app(CONTENT_VERSION_TTL=60)
    tree.guide("tax-number", title="Antes")
    publish_tree(app, tree)
    client = app.test_client()
    old = _entry(client.get("/api/v1/offline-packs/pt").json, "/pt/guides/tax-number")
    tree.guide("tax-number", title="Depois")
    publish_tree(app, tree)
    # Another Accept header: the pack itself is not answered from the cache.
    response = client.get("/api/v1/offline-packs/pt", headers={"Accept": "application/json"})
    new = _entry(response.json, "/pt/guides/tax-number")
    assert new["hash"] != old["hash"]
    assert new["hash"] == _uncached_hash(app, "/pt/guides/tax-number")


def _uncached_hash(app, url: str) -> str:
    """The page's hash as a server without a response cache makes it."""
    keys = ("TESTING", "SECRET_KEY", "SQLALCHEMY_DATABASE_URI", "ASSET_BUILD_DIR", "CONTENT_DIR")
    plain = create_app({**{k: app.config[k] for k in keys}, "RESPONSE_CACHE": False})
    body = plain.test_client().get(url, headers={"Accept-Encoding": "identity"}).get_data()
    assert b"Depois" in body
    return hashlib.sha256(body).hexdigest()[:32]
