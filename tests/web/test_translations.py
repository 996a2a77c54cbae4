"""The public translation status page, its API twin, and who translated a page.

Every test here runs on SQLite and on PostgreSQL."""
import re
import shutil

import pytest

from portal.config import ROOT
from portal.content.publish import publish


@pytest.fixture
def app(make_app, database_url):
    return make_app(database_url)


def status(client, lang):
    response = client.get(f"/api/v1/translation-status?lang={lang}")
    assert response.status_code == 200
    (item,) = response.get_json()["items"]
    return {kind["kind"]: kind for kind in item["kinds"]}, item


def test_status_page_lists_every_language_and_the_pages_to_review(app, published):
    client = app.test_client()
    page = client.get("/en/translations")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert '<html lang="en" dir="ltr"' in html and "<h1>Translations</h1>" in html
    row = re.search(r'<tr><th scope="row" lang="ar">العربية</th>(.*?)</tr>', html).group(1)
    # up to date, outdated, missing, machine, machine-reviewed, human
    assert re.findall(r"<td>(\d+)</td>", row) == ["1", "0", "1", "1", "0", "0"]
    assert "Written in English" in html
    arabic = client.get("/ar/translations").get_data(as_text=True)
    assert '<html lang="ar" dir="rtl"' in arabic
    assert '<a href="/ar/guides/tax-number">الحصول على الرقم</a>' in arabic
    assert 'href="/api/v1/translation-status?lang=ar"' in arabic


def test_api_gives_the_same_counts_with_etags(app, published):
    client = app.test_client()
    kinds, item = status(client, "ar")
    guide = kinds["guide"]
    assert (guide["total"], guide["up_to_date"], guide["outdated"], guide["missing"]) == (2, 1, 0, 1)
    assert (guide["machine"], guide["machine_reviewed"], guide["human"]) == (1, 0, 0)
    assert [p["slug"] for p in guide["machine_pages"]] == ["tax-number"]
    assert guide["machine_pages"][0]["web_url"] == "/ar/guides/tax-number"
    assert item["interface"]["percent"] == 100.0 and item["web_url"] == "/ar/translations"
    everything = client.get("/api/v1/translation-status")
    assert [i["lang"] for i in everything.get_json()["items"]] == [
        "en", "es", "fr", "ar", "ur", "uk", "ru", "hi", "ne", "bn", "zh"]
    assert everything.get_json()["items"][0]["interface"] is None  # the interface is written in English
    again = client.get("/api/v1/translation-status", headers={"If-None-Match": everything.headers["ETag"]})
    assert again.status_code == 304
    bad = client.get("/api/v1/translation-status?lang=xx")
    assert bad.status_code == 400 and bad.get_json()["error"]["code"] == "invalid_parameters"


def test_guide_pages_say_who_translated_them(app, published):
    client = app.test_client()
    machine = client.get("/ar/guides/tax-number").get_data(as_text=True)
    assert '<a href="/ar/translations#review">' in machine  # "help translate this page"
    missing = client.get("/ar/guides/bank-account").get_data(as_text=True)
    assert '<a href="/ar/translations#review">' in missing
    source = client.get("/pt/guides/tax-number").get_data(as_text=True)
    assert 'class="provenance"' not in source


@pytest.fixture
def real_content(content_dir):
    shutil.copytree(ROOT / "content", content_dir)
    return content_dir


def test_a_translator_redoes_only_the_changed_paragraph(app, real_content, tmp_path):
    """Change one paragraph of the Portuguese tax-number guide; the Arabic
    PO file has exactly that paragraph fuzzy; translated and imported, the
    Arabic page is up to date, reviewed by a person, and the status shows it."""
    client, runner = app.test_client(), app.test_cli_runner()
    with app.app_context():
        assert publish(real_content).published
    pt = real_content / "guides" / "tax-number-nif" / "pt.md"
    pt.write_text(pt.read_text(encoding="utf-8").replace(
        "Ter um representante fiscal é opcional.", "Ter um representante fiscal não é obrigatório."),
        encoding="utf-8")
    with app.app_context():
        assert publish(real_content).published
    kinds, _ = status(client, "ar")
    assert kinds["guide"]["outdated"] == 1
    assert '<div class="notice" role="note">' in client.get("/ar/guides/tax-number-nif").get_data(as_text=True)
    assert [p["slug"] for p in kinds["guide"]["outdated_pages"]] == ["tax-number-nif"]

    out = tmp_path / "po"
    result = runner.invoke(args=["content", "po-export", "ar", "--outdated-only", str(out)])
    assert result.exit_code == 0, result.output
    assert [p.name for p in out.rglob("*.po")] == ["tax-number-nif.ar.po"]
    path = out / "guides" / "tax-number-nif.ar.po"
    text = path.read_text(encoding="utf-8")
    fuzzy = re.findall(r'#, fuzzy\n#\| msgid "(.*)"\nmsgctxt "(.*)"\nmsgid "(.*)"\nmsgstr "(.*)"', text)
    assert len(fuzzy) == 1 and text.count("#, fuzzy") == 1
    previous, context, msgid, old = fuzzy[0]
    assert previous == "Ter um representante fiscal é opcional."
    assert msgid == "Ter um representante fiscal não é obrigatório." and old

    text = text.replace(f'#, fuzzy\n#| msgid "{previous}"\n', "").replace(
        f'msgstr "{old}"', 'msgstr "تعيين ممثل ضريبي ليس إلزاميًا."')
    path.write_text(text.replace("FULL NAME <EMAIL@ADDRESS>", "Layla <layla@example.org>"), encoding="utf-8")
    result = runner.invoke(args=["content", "po-import", "ar", str(path)])
    assert result.exit_code == 0, result.output

    page = client.get("/ar/guides/tax-number-nif").get_data(as_text=True)
    assert "تعيين ممثل ضريبي ليس إلزاميًا." in page
    assert "راجعها شخص." in page  # "Reviewed by a person."
    assert '<div class="notice" role="note">' not in page  # no "outdated" notice
    kinds, _ = status(client, "ar")
    assert (kinds["guide"]["outdated"], kinds["guide"]["human"]) == (0, 1)
    overview = client.get("/en/translations").get_data(as_text=True)
    row = re.search(r'<tr><th scope="row" lang="ar">العربية</th>(.*?)</tr>', overview).group(1)
    assert re.findall(r"<td>(\d+)</td>", row)[:2] == [str(kinds["guide"]["total"]), "0"]
    assert re.findall(r"<td>(\d+)</td>", row)[-1] == "1"
