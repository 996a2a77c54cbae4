"""``flask i18n ...``: the interface catalogs, from extraction to statistics.

``extract`` writes ``translations/messages.pot`` from the code and templates,
``update`` merges it into every catalog (keeping the previous English of a
changed text), ``compile`` writes the ``.mo`` files, ``init`` adds a language,
``stats`` counts what is left to do and ``check`` catches mistakes before
they reach a page. All of them use Babel's Python API (no ``pybabel``
subprocess), with the options the project's catalogs are written with.
"""
from __future__ import annotations

import io
import json
import re
import tomllib
from datetime import datetime, timezone
from pathlib import Path

import click
from babel import Locale, UnknownLocaleError
from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po
from flask import current_app
from flask.cli import AppGroup

from .catalogs import catalog_stats, po_path
from .i18n import LANGUAGES, MSGID_LANGUAGE

i18n_cli = AppGroup("i18n", help="Extract, update, compile, add, count and check UI message catalogs.")

PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|\{(\w+)\}")
HTML_TAG = re.compile(r"<\s*/?\s*[a-zA-Z][^>]*>")
PROJECT = "Acolher"
COMMENT_TAGS = ("I18N:",)
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None}


def _dir() -> Path:
    return Path(current_app.config["TRANSLATIONS_DIR"])


def _locales() -> list[str]:
    return [code for code in LANGUAGES if code != MSGID_LANGUAGE]


def _read(path: Path, locale: str | None = None) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=locale)


def _write(path: Path, catalog: Catalog, *, previous: bool = False) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=None, no_location=True, sort_output=True,
             ignore_obsolete=True, include_previous=previous)
    text = _unwrap_previous(buffer.getvalue().decode("utf-8"))
    path.write_bytes(text.rstrip("\n").encode("utf-8") + b"\n")


def _unwrap_previous(text: str) -> str:
    """Babel wraps ``#| msgid "…"`` comments at 76 characters, inside the
    string, which GNU gettext then refuses ("end-of-line within string"):
    put each previous msgid back on one line."""
    out: list[str] = []
    for line in text.split("\n"):
        if line.startswith("#| ") and out and out[-1].startswith("#| ") and _open_string(out[-1]):
            out[-1] += " " + line[3:]
        else:
            out.append(line)
    return "\n".join(out)


def _open_string(line: str) -> bool:
    """Whether ``line`` ends inside a double-quoted string."""
    inside, escaped = False, False
    for char in line:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = inside
        elif char == '"':
            inside = not inside
    return inside


def check_catalog(code: str, po_path: Path) -> list[str]:
    """Problems in one catalog: missing or broken placeholders, smuggled HTML,
    untranslated entries and a missing Plural-Forms header."""
    try:
        raw = po_path.read_bytes()
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return [f"{po_path}: encoding: not UTF-8 (byte {exc.start}); save the file as UTF-8"]
    with po_path.open("rb") as handle:
        catalog = read_po(handle, locale=code)
    problems = []
    # Babel fills in a default rule when the header lacks one; gettext tools
    # do not, so check the file itself.
    if '"Plural-Forms:' not in raw.decode("utf-8"):
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
        problems += check_catalog(code, po_path(_dir(), code))
    for problem in problems:
        click.echo(problem, err=True)
    if problems:
        raise SystemExit(1)
    click.echo(f"{len(_locales())} catalogs checked: no problems")


def _checkout() -> Path:
    return Path(__file__).resolve().parent.parent


def _mappings(root: Path) -> list[tuple[str, str]]:
    """[tool.babel.mappings] of pyproject.toml: (pattern, method)."""
    pyproject = root / "pyproject.toml"
    if not pyproject.is_file():
        raise click.ClickException(f"No {pyproject}: extract runs in a checkout of the project.")
    with pyproject.open("rb") as handle:
        config = tomllib.load(handle)
    return [(m["pattern"], m["method"]) for m in config["tool"]["babel"]["mappings"]]


def extract_template(root: Path) -> Catalog:
    """Every UI text of the code and templates under ``root``, with the
    developers' ``I18N:`` notes."""
    mappings = _mappings(root)
    template = Catalog(project=PROJECT, charset="utf-8")
    for filename, lineno, message, comments, context in extract_from_dir(
            str(root), method_map=mappings, options_map={p: {} for p, _ in mappings},
            keywords=KEYWORDS, comment_tags=COMMENT_TAGS):
        template.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return template


@i18n_cli.command("extract")
@click.option("--output", type=click.Path(dir_okay=False), help="Default: TRANSLATIONS_DIR/messages.pot.")
def extract(output) -> None:
    """Write the template (messages.pot) from the code and templates."""
    template = extract_template(_checkout())
    path = Path(output) if output else _dir() / "messages.pot"
    _write(path, template)
    click.echo(f"Extracted {len([m for m in template if m.id])} texts to {path}")


@i18n_cli.command("update")
@click.option("--template", type=click.Path(exists=True, dir_okay=False),
              help="Default: TRANSLATIONS_DIR/messages.pot.")
@click.option("-l", "--locale", "codes", multiple=True, help="Only these languages (repeatable).")
def update(template, codes) -> None:
    """Merge the template into every catalog.

    New texts arrive empty; a text whose English changed is matched to its
    old entry and marked fuzzy, with the previous English kept as
    ``#| msgid`` so translators see what changed; unused texts are removed."""
    pot = _read(Path(template) if template else _dir() / "messages.pot")
    for code in codes or _locales():
        path = po_path(_dir(), code)
        catalog = _read(path, code)
        catalog.update(pot, no_fuzzy_matching=False, update_header_comment=False,
                       keep_user_comments=True)
        _write(path, catalog, previous=True)
        fuzzy = sum(1 for m in catalog if m.id and m.fuzzy)
        empty = sum(1 for m in catalog if m.id and not m.fuzzy and not all(
            m.string if isinstance(m.string, tuple) else (m.string,)))
        click.echo(f"{code}: {fuzzy} fuzzy, {empty} untranslated  ({path})")


@i18n_cli.command("compile")
@click.option("-l", "--locale", "codes", multiple=True, help="Only these languages (repeatable).")
@click.option("--dir", "out_dir", type=click.Path(file_okay=False),
              help="Write the .mo files under this folder (default: next to each .po).")
def compile_catalogs(codes, out_dir) -> None:
    """Compile catalogs to .mo files (fuzzy entries are left out: readers see English)."""
    for code in codes or _locales():
        catalog = _read(po_path(_dir(), code), code)
        target = po_path(Path(out_dir) if out_dir else _dir(), code).with_suffix(".mo")
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("wb") as handle:
            write_mo(handle, catalog, use_fuzzy=False)
        click.echo(f"compiled {target}")


REGISTRY_ENTRY = re.compile(r'^(\s*)Language\("[a-z]{2,3}",.*\),\s*$', re.M)

CHECKLIST = """\
Added {name} ({code}, {direction}). Still to do for a new language:
  1. Compile and check:      make catalogs && flask --app wsgi i18n stats
  2. Translate the catalog:  {po}
     (flask --app wsgi i18n check lists every entry left)
  3. Topic titles:           add a '{code}:' title to every topic in content/topics.yaml
  4. Guides and glossary:    flask --app wsgi content po-export {code} DIR, translate, then
                             flask --app wsgi content po-import {code} DIR/*.po
  5. Manifest screenshots:   python tools/make_screenshots.py (needs a font for the script)
  6. Tests:                  add the language's plural count to tests/test_catalogs.py (NPLURALS)
  7. Status:                 /{code}/translations shows what is left"""


@i18n_cli.command("init")
@click.argument("code")
@click.option("--name", help="The language's name in that language (default: from CLDR).")
@click.option("--tag", help="BCP-47 tag (default: the code).")
@click.option("--registry", type=click.Path(exists=True, dir_okay=False),
              help="Language registry to add the entry to (default: portal/i18n.py).")
def init(code, name, tag, registry) -> None:
    """Add a language: its catalog, its registry entry and its direction."""
    if not re.fullmatch(r"[a-z]{2,3}", code):
        raise click.BadParameter("a two- or three-letter ISO 639 code, e.g. ro", param_hint="CODE")
    if code in LANGUAGES:
        raise click.BadParameter(f"{code!r} is already a language of the portal", param_hint="CODE")
    try:
        locale = Locale.parse(code)
    except (UnknownLocaleError, ValueError) as exc:
        raise click.BadParameter(f"CLDR does not know {code!r}", param_hint="CODE") from exc
    direction = "rtl" if locale.character_order == "right-to-left" else "ltr"
    native = name or (locale.get_display_name(code) or code)
    native = native[:1].upper() + native[1:]
    path = po_path(_dir(), code)
    if path.exists():
        raise click.ClickException(f"{path} exists already")
    registry_path = Path(registry) if registry else Path(__file__).with_name("i18n.py")
    source = registry_path.read_text(encoding="utf-8")
    entries = list(REGISTRY_ENTRY.finditer(source))
    if not entries:
        raise click.ClickException(f"{registry_path}: no Language(...) entries found")
    last = entries[-1]
    extra = ', "rtl"' if direction == "rtl" else ""
    line = f'{last.group(1)}Language({code!r}, {native!r}, {(tag or code)!r}{extra}),\n'.replace("'", '"')
    pot = _read(_dir() / "messages.pot")
    catalog = Catalog(locale=code, project=PROJECT, charset="utf-8",
                      revision_date=datetime.now(timezone.utc), fuzzy=False)
    catalog.update(pot, no_fuzzy_matching=True)
    _write(path, catalog)
    registry_path.write_text(source[:last.end()] + line + source[last.end():], encoding="utf-8")
    click.echo(f"created {path} ({catalog.num_plurals} plural forms)")
    click.echo(f"added {line.strip()} to {registry_path}")
    click.echo(CHECKLIST.format(name=native, code=code, direction=direction, po=path))


@i18n_cli.command("stats")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def stats(as_json) -> None:
    """Per language: translated, fuzzy and untranslated entries."""
    table = catalog_stats(_dir(), _locales())
    if as_json:
        click.echo(json.dumps(table, indent=2, sort_keys=True))
        return
    click.echo(f"{'lang':<5}{'translated':>16}{'fuzzy':>14}{'untranslated':>16}{'total':>7}")
    for code, row in table.items():
        click.echo(f"{code:<5}{row['translated']:>8} {row['percent']:>5.1f} %"
                   f"{row['fuzzy']:>6} {row['fuzzy_percent']:>5.1f} %"
                   f"{row['untranslated']:>8} {row['untranslated_percent']:>5.1f} %{row['total']:>7}")
