"""UI catalogs: complete, with plural rules, and checked for broken entries."""
import shutil

import pytest
from babel.messages.pofile import read_po

from portal.cli import check_catalog
from portal.config import ROOT
from portal.i18n import LANGUAGES, MSGID_LANGUAGE

LOCALES = [code for code in LANGUAGES if code != MSGID_LANGUAGE]
NPLURALS = {"ar": 6, "ru": 3, "uk": 3, "zh": 1, "hi": 2, "bn": 2}


def po_path(code, root=ROOT / "translations"):
    return root / code / "LC_MESSAGES" / "messages.po"


@pytest.mark.parametrize("code", LOCALES)
def test_every_catalog_passes_the_check(code):
    assert check_catalog(code, po_path(code)) == []


@pytest.mark.parametrize("code, count", NPLURALS.items())
def test_plural_forms(code, count):
    with po_path(code).open("rb") as handle:
        catalog = read_po(handle, locale=code)
    assert catalog.num_plurals == count


def test_catalogs_cover_the_template():
    with (ROOT / "translations" / "messages.pot").open("rb") as handle:
        template = {m.id for m in read_po(handle) if m.id}
    for code in LOCALES:
        with po_path(code).open("rb") as handle:
            assert {m.id for m in read_po(handle) if m.id} >= template, code


@pytest.fixture
def scratch_catalog(tmp_path):
    root = tmp_path / "translations"
    shutil.copytree(ROOT / "translations", root, ignore=shutil.ignore_patterns("*.mo"))
    return root


def test_check_catches_broken_placeholder_html_fuzzy_and_plural_header(scratch_catalog):
    path = po_path("es", scratch_catalog)
    text = path.read_text(encoding="utf-8")
    text = text.replace('msgid "Last checked: %(date)s"\nmsgstr "', 'msgid "Last checked: %(date)s"\nmsgstr "%(fecha)s ')
    text = text.replace('msgid "Cost"\nmsgstr "', '#, fuzzy\nmsgid "Cost"\nmsgstr "')
    text = text.replace('msgid "Sources"\nmsgstr "', 'msgid "Sources"\nmsgstr "<b>x</b> ')
    text = "\n".join(line for line in text.splitlines() if not line.startswith('"Plural-Forms'))
    path.write_text(text, encoding="utf-8")
    problems = "\n".join(check_catalog("es", path))
    assert "header: Plural-Forms is missing" in problems
    assert "msgid 'Last checked: %(date)s': placeholders ['date', 'fecha'] do not match ['date']" in problems
    assert "msgid 'Cost': marked fuzzy" in problems
    assert "msgid 'Sources': translation contains HTML" in problems
