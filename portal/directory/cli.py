"""``flask directory import|export``: the coordinators' spreadsheet."""
from __future__ import annotations

from pathlib import Path

import click
from flask.cli import AppGroup

from ..content.cli import ROOT_OPTION, _root
from .spreadsheet import apply_plan, export_sheet, plan

directory_cli = AppGroup("directory", help="Import and export the directory of service points.")


@directory_cli.command("import")
@click.argument("sheet", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@ROOT_OPTION
@click.option("--dry-run", is_flag=True, help="Show what would change; write nothing.")
def import_sheet(sheet, root, dry_run):
    """Read a coordinators' spreadsheet (.csv or .xlsx) into content/services/.

    Every row is validated first; on any problem nothing is written. Then
    the added, changed and unchanged counts and a per-field diff of changed
    rows are shown. Publish with ``flask content publish``."""
    root = _root(root)
    result = plan(sheet, root)
    for problem in result.problems:
        click.echo(str(problem), err=True)
    if result.problems:
        raise click.ClickException(f"{len(result.problems)} problems; nothing was written")
    click.echo(f"added: {len(result.added)}, changed: {len(result.changed)}, "
               f"unchanged: {len(result.unchanged)}, removed: {len(result.removed)}")
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

    record_command("import", "services", {"sheet": sheet.name, "added": len(result.added),
                                         "changed": len(result.changed), "removed": len(result.removed)})
    click.echo("Written to content/services/. Check and publish with: flask --app wsgi content publish")


@directory_cli.command("export")
@click.argument("dest", type=click.Path(dir_okay=False, path_type=Path))
@ROOT_OPTION
def export_command(dest, root):
    """Write the service points as a spreadsheet (.csv, or .xlsx by suffix)."""
    count = export_sheet(_root(root), dest)
    click.echo(f"Exported {count} service points to {dest}.")
