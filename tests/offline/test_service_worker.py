"""``/sw.js``: the worker at the site's root, with this deployment's shell."""
import json

import pytest


def worker_config(response) -> dict:
    text = response.get_data(as_text=True)
    prefix = "const ACOLHER = "
    assert text.startswith(prefix)
    return json.loads(text[len(prefix):text.index(";\n")])


def test_worker_is_served_as_javascript_for_the_whole_site(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    assert response.headers["Service-Worker-Allowed"] == "/"
    assert response.headers["Cache-Control"] == "no-cache"
    assert "Set-Cookie" not in response.headers


def test_shell_lists_twelve_offline_pages_and_hashed_assets_that_all_answer(client):
    config = worker_config(client.get("/sw.js"))
    assert len(config["languages"]) == 12 and len(config["version"]) == 12
    assert set(config["offline"]) == set(config["languages"])
    for lang, url in config["offline"].items():
        assert url == f"/{lang}/offline"
        assert client.get(url).status_code == 200
    for url in config["assets"]:
        assert url.startswith("/static/")
        response = client.get(url)
        assert response.status_code == 200 and "immutable" in response.headers["Cache-Control"]
        response.close()


def test_the_version_changes_with_the_worker_source(make_app, tmp_path, tree):
    from portal import resources

    first = worker_config(make_app().test_client().get("/sw.js"))["version"]
    changed = tmp_path / "sw"
    changed.mkdir()
    (changed / "sw.js").write_text(resources.path("sw").joinpath("sw.js").read_text() + "\n// changed\n")
    second = worker_config(make_app(SW_DIR=str(changed)).test_client().get("/sw.js"))["version"]
    assert first != second


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_worker_is_read_only(client, method):
    assert getattr(client, method)("/sw.js").status_code == 405
