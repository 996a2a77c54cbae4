"""``flask courses import|export``: the providers' spreadsheet of sessions."""
from __future__ import annotations

from pathlib import Path

import click
from flask.cli import AppGroup

from .cli import ROOT_OPTION, _root, import_sheet_command
from .course_sheets import apply_plan, export_sheet, plan

courses_cli = AppGroup("courses", help="Import and export the course sessions spreadsheet.")


@courses_cli.command("import")
@click.argument("sheet", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@ROOT_OPTION
@click.option("--dry-run", is_flag=True, help="Show what would change; write nothing.")
def import_sheet(sheet, root, dry_run):
    """Read a providers' spreadsheet (.csv or .xlsx) of sessions into
    content/courses/sessions/.

    Every row is validated first, as publish does; on any problem nothing is
    written. Then the added, changed and unchanged counts and a per-column
    diff of changed rows are shown. Publish with ``flask content publish``."""
    import_sheet_command(sheet, _root(root), dry_run, plan, apply_plan, "courses", "courses/sessions")


@courses_cli.command("export")
@click.argument("dest", type=click.Path(dir_okay=False, path_type=Path))
@ROOT_OPTION
def export_command(dest, root):
    """Write the sessions as a spreadsheet (.csv, or .xlsx by suffix)."""
    count = export_sheet(_root(root), dest)
    click.echo(f"Exported {count} sessions to {dest}.")
