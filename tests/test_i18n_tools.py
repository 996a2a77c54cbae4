"""``flask i18n extract|update|compile|init|stats`` and the gettext tools
(GNU msgfmt, translate-toolkit's pofilter) agreeing with ``i18n check``."""
import gettext
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from flask_babel import get_domain

from portal.cli import check_catalog, extract_template
from portal.config import ROOT
from portal.i18n import LANGUAGES, MSGID_LANGUAGE

LOCALES = [code for code in LANGUAGES if code != MSGID_LANGUAGE]
POFILTER_TESTS = ("variables", "printf", "pythonbraceformat", "xmltags", "escapes", "newlines", "untranslated")
BIN = Path(sys.executable).parent


def po(root, code):
    return root / code / "LC_MESSAGES" / "messages.po"


def msgfmt_check(path):
    return subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)],
                          capture_output=True, text=True)


def pofilter(path, out):
    """The entries pofilter flags ("" when none)."""
    args = [str(BIN / "pofilter"), "--progress=none", "--nofuzzy"]
    for test in POFILTER_TESTS:
        args += ["-t", test]
    subprocess.run([*args, str(path), str(out)], check=True, capture_output=True)
    return out.read_text(encoding="utf-8") if out.exists() else ""


@pytest.fixture
def scratch(tmp_path):
    root = tmp_path / "translations"
    shutil.copytree(ROOT / "translations", root, ignore=shutil.ignore_patterns("*.mo"))
    return root


@pytest.fixture
def cli(app, scratch):
    app.config["TRANSLATIONS_DIR"] = str(scratch)
    runner = app.test_cli_runner()
    return lambda *args: runner.invoke(args=["i18n", *args])


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext missing: make test installs it")
@pytest.mark.parametrize("code", LOCALES)
def test_every_catalog_passes_msgfmt_and_pofilter(code, tmp_path):
    result = msgfmt_check(po(ROOT / "translations", code))
    assert result.returncode == 0, result.stderr
    assert pofilter(po(ROOT / "translations", code), tmp_path / "out.po") == ""


def test_extract_finds_a_new_template_string(tmp_path):
    (tmp_path / "portal" / "templates").mkdir(parents=True)
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    (tmp_path / "portal" / "templates" / "x.html").write_text(
        '{#- I18N: a note for translators #}<p>{{ _("Open on %(day)s", day=d) }}</p>', encoding="utf-8")
    (tmp_path / "portal" / "x.py").write_text('from flask_babel import lazy_gettext as _l\nA = _l("Lazy text")\n')
    template = extract_template(tmp_path)
    ids = {m.id: m for m in template if m.id}
    assert set(ids) == {"Open on %(day)s", "Lazy text"}
    assert ids["Open on %(day)s"].auto_comments == ["a note for translators"]


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext missing: make test installs it")
def test_a_new_string_from_extract_to_compiled_catalog(cli, scratch, tmp_path, make_app):
    # 1. A new UI text reaches every catalog empty; a changed one is fuzzy with its previous English.
    pot = scratch / "messages.pot"
    text = pot.read_text(encoding="utf-8")
    text += '\nmsgid "Ask %(name)s about the sunflower calendar"\nmsgstr ""\n'
    text = text.replace('msgid "Cost"\n', 'msgid "Costs"\n')
    pot.write_text(text, encoding="utf-8")
    result = cli("update")
    assert result.exit_code == 0, result.output
    uk = po(scratch, "uk")
    with uk.open("rb") as handle:
        catalog = read_po(handle, locale="uk")
    new = catalog.get("Ask %(name)s about the sunflower calendar")
    assert new is not None and new.string == ""
    changed = catalog.get("Costs")
    assert changed.fuzzy and changed.string == "Вартість"
    assert '#| msgid "Cost"' in uk.read_text(encoding="utf-8")

    # 2. A broken placeholder is flagged by i18n check, msgfmt --check and pofilter.
    body = uk.read_text(encoding="utf-8")
    body = body.replace('msgid "Ask %(name)s about the sunflower calendar"\nmsgstr ""',
                        'msgid "Ask %(name)s about the sunflower calendar"\nmsgstr "Запитайте %(імʼя)s про календар соняшників"')
    body = body.replace('#, fuzzy\n#| msgid "Cost"\n', "")
    uk.write_text(body, encoding="utf-8")
    problems = "\n".join(check_catalog("uk", uk))
    assert "msgid 'Ask %(name)s about the sunflower calendar': placeholders ['імʼя'] do not match ['name']" in problems
    assert msgfmt_check(uk).returncode != 0
    assert "sunflower calendar" in pofilter(uk, tmp_path / "flagged.po")
    assert cli("check").exit_code == 1

    # 3. Fixed, it passes all three, compiles and is what Ukrainian readers get.
    body = body.replace("%(імʼя)s", "%(name)s")
    uk.write_text(body.replace('msgid "Translations"\nmsgstr "Переклади"',
                               'msgid "Translations"\nmsgstr "Переклади інтерфейсу"'), encoding="utf-8")
    assert check_catalog("uk", uk) == []
    assert msgfmt_check(uk).returncode == 0
    assert pofilter(uk, tmp_path / "clean.po") == ""
    out = tmp_path / "mo"
    assert cli("compile", "--dir", str(out)).exit_code == 0
    with (out / "uk" / "LC_MESSAGES" / "messages.mo").open("rb") as handle:
        translations = gettext.GNUTranslations(handle)
    assert translations.gettext("Ask %(name)s about the sunflower calendar") == "Запитайте %(name)s про календар соняшників"
    app = make_app(TRANSLATIONS_DIR=str(out))
    with app.app_context():
        domain = get_domain()  # one per process: its cache is keyed by locale only
    domain.cache.clear()
    try:
        page = app.test_client().get("/uk/translations")
        assert "<h1>Переклади інтерфейсу</h1>" in page.get_data(as_text=True)
    finally:
        domain.cache.clear()  # other tests read the session's catalogs again


def test_stats_table_and_json(cli, scratch):
    body = po(scratch, "fr").read_text(encoding="utf-8")
    body = body.replace('msgid "Cost"\nmsgstr "', '#, fuzzy\nmsgid "Cost"\nmsgstr "', 1)
    body = body.replace('msgid "Sources"\nmsgstr "Sources"', 'msgid "Sources"\nmsgstr ""', 1)
    po(scratch, "fr").write_text(body, encoding="utf-8")
    data = json.loads(cli("stats", "--json").output)
    assert set(data) == set(LOCALES)
    fr, es = data["fr"], data["es"]
    assert (fr["fuzzy"], fr["untranslated"], fr["translated"]) == (1, 1, fr["total"] - 2)
    assert es["percent"] == 100.0
    table = cli("stats").output.splitlines()
    assert table[0].split() == ["lang", "translated", "fuzzy", "untranslated", "total"]
    assert any(line.startswith("fr ") and "1" in line for line in table)


def test_init_adds_catalog_registry_entry_and_direction(cli, scratch, tmp_path):
    registry = tmp_path / "i18n.py"
    shutil.copy(ROOT / "portal" / "i18n.py", registry)
    result = cli("init", "fa", "--registry", str(registry))
    assert result.exit_code == 0, result.output
    assert 'Language("fa", "فارسی", "fa", "rtl"),' in registry.read_text(encoding="utf-8")
    with po(scratch, "fa").open("rb") as handle:
        catalog = read_po(handle, locale="fa")
    assert catalog.num_plurals == 2 and len([m for m in catalog if m.id]) > 50
    assert "Still to do for a new language" in result.output and "topics.yaml" in result.output
    result = cli("init", "ro", "--registry", str(registry))
    assert 'Language("ro", "Română", "ro"),' in registry.read_text(encoding="utf-8")
    assert cli("init", "ar", "--registry", str(registry)).exit_code == 2  # already there


def test_a_catalog_in_another_encoding_is_named(scratch):
    path = po(scratch, "fr")
    path.write_bytes(path.read_text(encoding="utf-8").encode("latin-1", "replace"))
    (problem,) = check_catalog("fr", path)
    assert problem.startswith(f"{path}: encoding: not UTF-8 (byte ") and "save the file as UTF-8" in problem


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext missing: make test installs it")
def test_a_long_previous_msgid_stays_readable_by_gettext(tmp_path):
    """``update`` keeps the old msgid of a fuzzy entry (``#| msgid``); a long
    one must not be wrapped inside its string, which msgfmt refuses."""
    from babel.messages.catalog import Catalog

    from portal.cli import _write

    catalog = Catalog(locale="pt")
    old = "Id (lower-case letters, digits and hyphens; it is part of the address of the page \"x\")"
    catalog.add("Lowercase letters, digits and hyphens", "Letras minúsculas", flags=["fuzzy"],
                previous_id=[old])
    path = tmp_path / "messages.po"
    _write(path, catalog, previous=True)
    text = path.read_text(encoding="utf-8")
    assert [line for line in text.splitlines() if line.startswith("#|")] == [
        '#| msgid "Id (lower-case letters, digits and hyphens; it is part of the address of the page \\"x\\")"']
    result = msgfmt_check(path)
    assert result.returncode == 0, result.stderr
