"""``flask content ...``: check, publish, export, status and stamp guides."""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from ..i18n import LANGUAGES, SOURCE_LANGUAGE
from .kinds import KINDS
from .loader import load, refusal
from .publish import PublishBusy
from .publish import check as check_content
from .publish import publish as publish_content
from .status import freshness_counts, freshness_table, guide_states, term_states

content_cli = AppGroup("content", help="Check, publish and export guides and glossary terms in content/.")


def _root(path: str | None) -> Path:
    """The content folder: the one named on the command line, else
    ``CONTENT_DIR`` (the checkout's ``content/``); a clear error otherwise."""
    chosen = path or current_app.config.get("CONTENT_DIR")
    if not chosen:
        raise click.UsageError(
            "No content folder: name one with --root PATH (or set FLASK_CONTENT_DIR).")
    root = Path(chosen)
    if not root.is_dir():
        raise click.UsageError(f"No content folder at {root}: name one with --root PATH.")
    return root


def _pick(argument: str | None, option: str | None) -> str | None:
    if argument and option and Path(argument) != Path(option):
        raise click.UsageError("Give the content folder once: as an argument or with --root.")
    return option or argument


ROOT_OPTION = click.option(
    "--root", "root", metavar="PATH", type=click.Path(file_okay=False),
    help="Content folder (default: content/ of the checkout).")


def _database_ready() -> None:
    """Stop with a plain message when the schema is missing."""
    from sqlalchemy import inspect

    from ..extensions import db

    if not inspect(db.engine).has_table("revision"):
        raise click.ClickException(
            "The database has no tables yet: run 'flask --app wsgi db upgrade' first.")


def _report(content) -> None:
    for problem in content.problems:
        click.echo(str(problem), err=True)


STRICT = click.option("--strict", is_flag=True,
                      help="Plain-language and consistency warnings count as errors.")
MAX_AGE = click.option("--max-age-days", type=click.IntRange(min=0), default=None,
                       help="Warn on 'last checked' dates older than this (default: CONTENT_MAX_AGE_DAYS, 183).")


@content_cli.command("check")
@click.argument("path", required=False)
@ROOT_OPTION
@click.option("--author", help="Also check the name publish would record (at most 200 characters).")
@STRICT
@MAX_AGE
def check(path, root, author, strict, max_age_days):
    """Validate content files without writing anything."""
    root = _root(_pick(path, root))
    _database_ready()
    content = check_content(root, author=author, max_age_days=max_age_days, strict=strict)
    _report(content)
    files = sum(len(files) for items in content.items.values() for files in items.values())
    if content.errors:
        click.echo(f"{len(content.errors)} errors, {len(content.warnings)} warnings: nothing was published.", err=True)
        raise SystemExit(1)
    points = len(content.items.get("service", {}))
    click.echo(f"OK: {len(content.topics)} topics, {len(content.guides)} guides, "
               f"{len(content.glossary)} glossary terms, "
               + (f"{points} service points, " if points else "")
               + f"{files} files, {len(content.warnings)} warnings.")


@content_cli.command("publish")
@click.argument("path", required=False)
@ROOT_OPTION
@click.option("--author", help="Who made this change (kept in each new revision).")
@click.option("--minor", is_flag=True, help="Source edits are small corrections: translations stay up to date.")
@click.option("--force", is_flag=True,
              help="Overwrite entries edited in the workspace since these files were exported.")
@STRICT
@MAX_AGE
def publish(path, root, author, minor, force, strict, max_age_days):
    """Validate, then publish every change in one transaction (or nothing).

    Entries edited in the workspace after the files' base revision
    (.workspace-base, written by export) are refused, with the diff, unless
    --force."""
    root = _root(_pick(path, root))
    _database_ready()
    try:
        result = publish_content(root, author=author, minor=minor,
                                 max_age_days=max_age_days, strict=strict, force=force)
    except PublishBusy as exc:
        raise click.ClickException(str(exc)) from exc
    _report(result.content)
    for conflict in result.conflicts:
        click.echo(conflict.diff() or f"{conflict.path}: removed from the files", err=True)
    if not result.published:
        click.echo(f"{len(result.content.errors)} errors: nothing was published; "
                   "the previous version is still live.", err=True)
        raise SystemExit(1)
    total = Counter()
    for lang in LANGUAGES:
        counts = result.counts.get(lang)
        if counts:
            total.update(counts)
            click.echo(f"{lang:>3}: {counts['added']} added, {counts['changed']} changed, "
                       f"{counts['unchanged']} unchanged, {counts['unpublished']} unpublished")
    click.echo(f"Published: {total['added']} added, {total['changed']} changed, "
               f"{total['unchanged']} unchanged, {total['unpublished']} unpublished.")


@content_cli.command("export")
@click.argument("dest")
def export(dest):
    """Write the published content to DEST as content files (with
    .workspace-base, the workspace state they hold)."""
    from .export import export as export_content

    topics, files = export_content(Path(dest))
    click.echo(f"Exported {topics} topics and {files} content files to {dest}")


@content_cli.command("status")
@click.option("--lang", type=click.Choice([c for c in LANGUAGES if c != SOURCE_LANGUAGE]),
              help="List each guide's state in this language.")
def status(lang):
    """Per-language table of up-to-date, outdated and missing translations
    (guides, then glossary terms)."""
    _database_ready()
    if lang is None:
        lines = freshness_table()
        if freshness_counts("glossary")[SOURCE_LANGUAGE]["up-to-date"]:
            lines += ["", "Glossary terms:", *freshness_table("glossary")]
    else:
        lines = guide_states(lang)
        terms = term_states(lang)
        if terms:
            lines += ["", "Glossary terms:", *terms]
    for line in lines:
        click.echo(line)


@content_cli.command("history")
@click.argument("slug")
@click.option("--lang", default=SOURCE_LANGUAGE, type=click.Choice(list(LANGUAGES)),
              help="Which language's revisions (default: the Portuguese source).")
@click.option("--kind", default="guide", type=click.Choice(list(KINDS)),
              help="Which kind of content (default: guide).")
def history(slug, lang, kind):
    """Every published revision of one translation, oldest first."""
    _database_ready()
    from .status import revision_history

    lines = revision_history(slug, lang, kind)
    if not lines:
        raise click.ClickException(f"No revisions of {slug!r} in {lang!r}.")
    for line in lines:
        click.echo(line)


STAMP_LINE = re.compile(r"^source_revision:.*$", re.M)


@content_cli.command("stamp")
@click.argument("slugs", nargs=-1)
@ROOT_OPTION
@click.option("--lang", "langs", multiple=True, help="Only these languages (repeatable).")
@click.option("--force", is_flag=True, help="Also re-stamp translations that have a hash.")
def stamp(slugs, root, langs, force):
    """Record that translations match the current Portuguese source.

    By default only fills in ``source_revision: pending``; with --force it
    declares reviewed translations up to date with today's source.
    """
    root = _root(root)
    content = load(root)
    changed = 0
    # Records carry their translations in the source file: nothing to stamp.
    wanted = [(kind, slug) for kind in KINDS.values() if kind.layout == "folders"
              for slug in sorted(content.items[kind.name]) if not slugs or slug in slugs]
    unknown = set(slugs) - {slug for _, slug in wanted}
    if unknown:
        raise click.BadParameter(f"no valid guide or glossary term {sorted(unknown)[0]!r}",
                                 param_hint="SLUGS")
    for kind, slug in wanted:
        source_hash = content.items[kind.name][slug][SOURCE_LANGUAGE].content_hash
        for path in sorted((root / kind.folder / slug).glob("*.md")):
            lang = path.stem
            if lang == SOURCE_LANGUAGE or (langs and lang not in langs) or refusal(path, root):
                continue
            text = path.read_text(encoding="utf-8")
            match = STAMP_LINE.search(text)
            if match is None or (not force and "pending" not in match.group(0)):
                continue
            path.write_text(STAMP_LINE.sub(f"source_revision: {source_hash}", text, 1), encoding="utf-8")
            changed += 1
    click.echo(f"Stamped {changed} translation files.")


TRANSLATED = [code for code in LANGUAGES if code != SOURCE_LANGUAGE]


@content_cli.command("po-export")
@click.argument("langs", nargs=-1, required=True, metavar="LANG...")
@click.argument("dest", type=click.Path(file_okay=False))
@click.option("--outdated-only", is_flag=True, help="Only translations whose Portuguese source changed.")
@click.option("--format", "fmt", type=click.Choice(["po", "xliff"]), default="po",
              help="po (Poedit, Weblate) or xliff (XLIFF 2.0, for CAT tools).")
def po_export(langs, dest, outdated_only, fmt):
    """Write one PO (or XLIFF) file per guide and glossary term and language
    (DEST/<folder>/<slug>.<lang>.po); LANG may be repeated, or "all".

    Segments are pre-filled with the published translation; segments whose
    Portuguese changed are fuzzy, with the previous Portuguese."""
    from .po import export

    if "all" in langs:
        langs = tuple(TRANSLATED)
    unknown = [lang for lang in langs if lang not in TRANSLATED]
    if unknown:
        raise click.BadParameter(f"{unknown[0]!r} is not one of {', '.join(TRANSLATED)} (or all)",
                                 param_hint="LANG")
    _database_ready()
    for lang in langs:
        counts = export(lang, Path(dest), outdated_only=outdated_only, fmt=fmt)
        click.echo(f"{lang}: wrote {counts.files} file{'s' if counts.files != 1 else ''} to {dest}: "
                   f"{counts.segments} segments, {counts.fuzzy} fuzzy, {counts.empty} untranslated.")


@content_cli.command("po-import")
@click.argument("lang", type=click.Choice(TRANSLATED))
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@ROOT_OPTION
def po_import(lang, files, root):
    """Rebuild translations from PO/XLIFF FILES and publish them, all or nothing."""
    from .po import import_files, write_and_publish

    root = _root(root)
    _database_ready()
    planned, problems = import_files(root, lang, [Path(f) for f in files])
    for problem in problems:
        click.echo(problem, err=True)
    if problems:
        click.echo(f"{len(problems)} problems: nothing was imported or published.", err=True)
        raise SystemExit(1)
    try:
        result = write_and_publish(root, planned, lambda authors: publish_content(root, authors=authors))
    except PublishBusy as exc:
        raise click.ClickException(str(exc)) from exc
    _report(result.content)
    if not result.published:
        click.echo(f"{len(result.content.errors)} errors: nothing was imported or published; "
                   "the files were restored.", err=True)
        raise SystemExit(1)
    partial = sum(item.partial for item in planned)
    from ..editor.audit import record_command

    record_command("import", f"translations/{lang}", {"files": len(files), "translations": len(planned)})
    click.echo(f"Imported and published {len(planned)} {lang} translation{'s' if len(planned) != 1 else ''}"
               + (f" ({partial} still outdated: fuzzy or empty segments kept their earlier translation)."
                  if partial else "."))


def import_sheet_command(sheet: Path, root: Path, dry_run: bool, plan, apply_plan, name: str, folder: str,
                         removes: bool = False) -> None:
    """The steps every spreadsheet import shares (``flask directory import``,
    ``flask courses import``): validate every row (on any problem, print
    them and write nothing), show the counts and a per-column diff, then,
    unless ``dry_run``, write the record files and record the import."""
    result = plan(sheet, root)
    for problem in result.problems:
        click.echo(str(problem), err=True)
    if result.problems:
        raise click.ClickException(f"{len(result.problems)} problems; nothing was written")
    counts = f"added: {len(result.added)}, changed: {len(result.changed)}, unchanged: {len(result.unchanged)}"
    click.echo(counts + (f", removed: {len(result.removed)}" if removes else ""))
    for ident in result.added:
        click.echo(f"+ {ident}")
    for ident, diff in result.changed.items():
        click.echo(f"~ {ident}")
        for column, old, new in diff:
            click.echo(f"    {column}: {old!r} -> {new!r}")
    for ident in result.removed:
        click.echo(f"- {ident}")
    if dry_run:
        click.echo("Dry run: nothing was written.")
        return
    apply_plan(result, root)
    from ..editor.audit import record_command

    record_command("import", name, {"sheet": sheet.name, "added": len(result.added),
                                    "changed": len(result.changed), "removed": len(result.removed)})
    click.echo(f"Written to content/{folder}/. Check and publish with: flask --app wsgi content publish")
