"""`plenipo search reindex`: rebuild the search index from the data (after an upgrade, or any time)."""

from __future__ import annotations

import time

import click
from flask.cli import with_appcontext

from app.extensions import db
from positions.search.reindex import reindex


@click.group("search")
def search_group():
    """The full-text search index."""


@search_group.command("reindex")
@with_appcontext
def search_reindex_command():
    """Empty the search index and index every clause, version, comment and position again, in one transaction."""
    started = time.monotonic()
    counts = reindex(db.session, progress=lambda name, n: click.echo(f"{name}: {n} indexed"))
    db.session.commit()
    click.echo(f"Reindexed {sum(counts.values())} things in {time.monotonic() - started:.1f} s.")
