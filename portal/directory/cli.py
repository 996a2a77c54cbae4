"""``flask directory import|export``: the coordinators' spreadsheet."""
from __future__ import annotations

from pathlib import Path

import click
from flask.cli import AppGroup

from ..content.cli import ROOT_OPTION, _root, import_sheet_command
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
    import_sheet_command(sheet, _root(root), dry_run, plan, apply_plan, "services", "services", removes=True)


@directory_cli.command("export")
@click.argument("dest", type=click.Path(dir_okay=False, path_type=Path))
@ROOT_OPTION
def export_command(dest, root):
    """Write the service points as a spreadsheet (.csv, or .xlsx by suffix)."""
    count = export_sheet(_root(root), dest)
    click.echo(f"Exported {count} service points to {dest}.")
