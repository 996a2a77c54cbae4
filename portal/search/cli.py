"""``flask search ...``: what readers do not find, and rebuilding the index."""
from __future__ import annotations

import click
from flask.cli import AppGroup

from ..i18n import LANGUAGES

search_cli = AppGroup("search", help="Search: unanswered queries and the index.")


@search_cli.command("gaps")
@click.option("--lang", type=click.Choice(list(LANGUAGES)), help="One language (default: all).")
@click.option("--days", type=click.IntRange(1, 3650), default=30, show_default=True,
              help="Look back this many days.")
@click.option("--limit", type=click.IntRange(1, 1000), default=50, show_default=True)
def gaps_command(lang, days, limit):
    """The queries readers searched most without finding anything."""
    from . import gaps

    gaps.purge()
    rows = gaps.top(lang, days, limit)
    if not rows:
        click.echo(f"No unanswered searches in the last {days} days.")
        return
    click.echo(f"{'searches':>8}  lang  query")
    for code, query, count in rows:
        click.echo(f"{count:>8}  {code:<4}  {query}")


@search_cli.command("reindex")
def reindex_command():
    """Index every published document again (after an upgrade)."""
    from ..content.publish import take_publish_lock
    from ..extensions import db
    from ..models import SearchDoc
    from . import indexer

    take_publish_lock()
    indexer.reindex()
    db.session.commit()
    count = db.session.execute(db.select(db.func.count(SearchDoc.id))).scalar()
    click.echo(f"Indexed {count} documents.")


@search_cli.command("purge")
def purge_command():
    """Delete zero-result counts older than SEARCH_GAP_RETENTION_DAYS (90)."""
    from . import gaps

    click.echo(f"Deleted {gaps.purge()} old counts.")
