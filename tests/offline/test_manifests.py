"""Web app manifests: one per language, each in that language, with icons
and shortcuts that answer."""
import pytest

from portal.i18n import LANGUAGES


@pytest.fixture
def with_content(app, tree):
    from portal.content.publish import publish

    tree.guide("tax-number")
    with app.app_context():
        assert publish(tree.root).published


@pytest.mark.parametrize("code", list(LANGUAGES))
def test_manifest_is_in_its_language(client, with_content, code):
    response = client.get(f"/{code}/manifest.webmanifest")
    assert response.status_code == 200
    assert response.mimetype == "application/manifest+json"
    manifest = response.json
    language = LANGUAGES[code]
    assert manifest["lang"] == language.tag and manifest["dir"] == language.direction
    # One installed app: the start page follows the device's language (/).
    assert manifest["start_url"] == "/" and manifest["scope"] == "/" and manifest["id"] == "/"
    assert manifest["name"] and manifest["short_name"] and manifest["display"] == "standalone"


def test_icons_and_shortcuts_answer(client, with_content):
    manifest = client.get("/ar/manifest.webmanifest").json
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes
    assert any(icon.get("purpose") == "maskable" for icon in manifest["icons"])
    for icon in manifest["icons"]:
        response = client.get(icon["src"])
        assert response.status_code == 200, icon
        response.close()
    assert manifest["shortcuts"]
    for shortcut in manifest["shortcuts"]:
        assert shortcut["url"].startswith("/ar/")
        assert client.get(shortcut["url"].split("#")[0]).status_code == 200, shortcut


@pytest.mark.parametrize("url", ["/xx/manifest.webmanifest", "/pt-PT/manifest.webmanifest"])
def test_unknown_language_has_no_manifest(client, url):
    assert client.get(url).status_code == 404
