"""Languages: URL prefixes, Accept-Language, lang/dir, the chooser, catalogs."""
import re
import shutil

import pytest

from portal import create_app
from portal.config import ROOT
from portal.i18n import LANGUAGES, CatalogError, best_language

RTL = {"ar", "ur"}


def test_registry_has_the_twelve_launch_languages():
    assert list(LANGUAGES) == ["pt", "en", "es", "fr", "ar", "ur", "uk", "ru", "hi", "ne", "bn", "zh"]
    assert {code for code, lang in LANGUAGES.items() if lang.rtl} == RTL
    assert LANGUAGES["zh"].tag == "zh-Hans"
    assert LANGUAGES["pt"].tag == "pt-PT"


@pytest.mark.parametrize(
    "header, expected",
    [
        ("ar,en;q=0.8", "ar"),
        ("pt-BR,pt;q=0.9", "pt"),
        ("zh-CN,zh;q=0.9,en;q=0.5", "zh"),
        ("de-DE,uk;q=0.7", "uk"),
        ("de,it", "pt"),
        ("", "pt"),
        (";;;q=abc,,==", "pt"),
        ("en;q=0,bn;q=0.5", "bn"),
        ("*", "pt"),
    ],
)
def test_root_redirects_to_best_accept_language(client, header, expected):
    response = client.get("/", headers={"Accept-Language": header})
    assert response.status_code == 302
    assert response.headers["Location"] == f"/{expected}/"
    assert "Accept-Language" in response.headers["Vary"]


def test_best_language_ignores_garbage():
    assert best_language([("\x00\xff", 1), ("-", 1)]) == "pt"


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_page_has_lang_and_dir(client, code):
    html = client.get(f"/{code}/").get_data(as_text=True)
    lang = LANGUAGES[code]
    assert f'<html lang="{lang.tag}" dir="{"rtl" if code in RTL else "ltr"}">' in html
    assert response_language(html) == code


def response_language(html: str) -> str:
    """Which language the chooser marks as current."""
    current = re.search(r'<a href="/(\w+)/[^"]*"[^>]*aria-current="true"', html)
    return current.group(1)


def test_ui_is_translated(client):
    assert "Saltar para o conteúdo" in client.get("/pt/").get_data(as_text=True) or \
        "Ir para o conteúdo" in client.get("/pt/").get_data(as_text=True)
    english = client.get("/en/").get_data(as_text=True)
    arabic = client.get("/ar/").get_data(as_text=True)
    assert "Skip to content" in english
    assert "Skip to content" not in arabic


def test_language_chooser_lists_all_languages_in_their_own_script(client):
    html = client.get("/en/").get_data(as_text=True)
    for code, lang in LANGUAGES.items():
        link = re.search(rf'<a href="/{code}/"[^>]*>([^<]+)</a>', html)
        assert link.group(1) == lang.native_name
        assert f'dir="{lang.direction}"' in link.group(0)


def test_unknown_language_prefix_is_a_localized_404(client):
    response = client.get("/xx/")
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert '<html lang="pt-PT" dir="ltr">' in html
    assert "Página não encontrada" in html


@pytest.mark.parametrize("path", ["/ar/nothing-here", "/%2e%2e/", "/pt/guides/" + "x" * 500, "/ä/"])
def test_odd_paths_are_404_never_500(client, path):
    assert client.get(path).status_code == 404


def test_404_in_a_known_language_speaks_it(client):
    html = client.get("/ar/nothing-here").get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in html


def test_missing_catalog_refuses_to_start(tmp_path):
    translations = tmp_path / "translations"
    shutil.copytree(ROOT / "translations", translations)
    (translations / "ne" / "LC_MESSAGES" / "messages.mo").unlink()
    with pytest.raises(CatalogError, match=r"ne/LC_MESSAGES/messages\.mo"):
        create_app({"TRANSLATIONS_DIR": str(translations), "ASSET_BUILD_DIR": str(tmp_path / "s")})


def test_unreadable_catalog_refuses_to_start(tmp_path):
    translations = tmp_path / "translations"
    shutil.copytree(ROOT / "translations", translations)
    (translations / "ar" / "LC_MESSAGES" / "messages.mo").write_bytes(b"not a catalog")
    with pytest.raises(CatalogError, match=r"ar/LC_MESSAGES/messages\.mo"):
        create_app({"TRANSLATIONS_DIR": str(translations), "ASSET_BUILD_DIR": str(tmp_path / "s")})


def test_dates_are_formatted_for_the_locale(app):
    from datetime import date

    from flask_babel import force_locale, format_date

    with app.test_request_context():
        with force_locale("pt"):
            assert format_date(date(2026, 11, 27), "long") == "27 de novembro de 2026"
        with force_locale("ru"):
            assert "ноября" in format_date(date(2026, 11, 27), "long")
