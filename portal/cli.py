"""``flask i18n check``: catch catalog mistakes before they reach a page.

Extraction, merging and compiling use the standard ``pybabel`` commands
(see ``make messages`` and docs/translators.md)."""
from __future__ import annotations

import re
from pathlib import Path

import click
from babel.messages.pofile import read_po
from flask import current_app
from flask.cli import AppGroup

from .i18n import LANGUAGES, MSGID_LANGUAGE

i18n_cli = AppGroup("i18n", help="Check UI message catalogs.")

PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|\{(\w+)\}")
HTML_TAG = re.compile(r"<\s*/?\s*[a-zA-Z][^>]*>")


def _dir() -> Path:
    return Path(current_app.config["TRANSLATIONS_DIR"])


def _locales() -> list[str]:
    return [code for code in LANGUAGES if code != MSGID_LANGUAGE]


def check_catalog(code: str, po_path: Path) -> list[str]:
    """Problems in one catalog: missing or broken placeholders, smuggled HTML,
    untranslated entries and a missing Plural-Forms header."""
    with po_path.open("rb") as handle:
        catalog = read_po(handle, locale=code)
    problems = []
    # Babel fills in a default rule when the header lacks one; gettext tools
    # do not, so check the file itself.
    if '"Plural-Forms:' not in po_path.read_text(encoding="utf-8"):
        problems.append(f"{po_path}: header: Plural-Forms is missing")
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        where = f"{po_path}: msgid {ids[0]!r}"
        if message.fuzzy:
            problems.append(f"{where}: marked fuzzy, so readers see English; review it and remove the flag")
            continue
        if not all(strings):
            problems.append(f"{where}: not translated")
            continue
        expected = {m.group(1) or m.group(2) for m in PLACEHOLDER.finditer(ids[-1])}
        for text in strings:
            found = {m.group(1) or m.group(2) for m in PLACEHOLDER.finditer(text)}
            if found != expected:
                problems.append(
                    f"{where}: placeholders {sorted(found)} do not match {sorted(expected)}"
                )
            if HTML_TAG.search(text) and not HTML_TAG.search(ids[0]):
                problems.append(f"{where}: translation contains HTML")
    return problems


@i18n_cli.command("check")
def check() -> None:
    """Fail when a catalog would break a page (CI runs this)."""
    problems = []
    for code in _locales():
        problems += check_catalog(code, _dir() / code / "LC_MESSAGES" / "messages.po")
    for problem in problems:
        click.echo(problem, err=True)
    if problems:
        raise SystemExit(1)
    click.echo(f"{len(_locales())} catalogs checked: no problems")
