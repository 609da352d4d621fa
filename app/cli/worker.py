"""`plenipo worker`: deliver mail, send reminders and digests, apply deadlines (see app/notify/worker.py)."""

from __future__ import annotations

import logging
import signal
import sys
from datetime import UTC, datetime

import click
from flask import current_app
from flask.cli import with_appcontext

from app.notify.worker import run_forever, run_once


def _instant(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        instant = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as exc:
        raise click.BadParameter(f"{value!r} is not an ISO-8601 instant, e.g. 2031-03-08T17:00:00+01:00") from exc
    return instant.astimezone(UTC).replace(tzinfo=None) if instant.tzinfo else instant


@click.command("worker")
@click.option("--once", is_flag=True, help="Run one pass and stop (for cron and tests).")
@click.option("--now", "at", metavar="ISO-8601", help="Judge deadlines, reminders and digests as at this instant.")
@click.option("--interval", type=float, default=None, help="Seconds between passes (default WORKER_INTERVAL).")
@with_appcontext
def worker_command(once: bool, at: str | None, interval: float | None) -> None:
    """Deliver mail, send reminders and digests, apply deadlines."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s worker %(levelname)s %(message)s")
    instant = _instant(at)
    if once or instant is not None:
        click.echo(f"Worker pass: {run_once(instant)}")
        return
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    seconds = interval if interval is not None else current_app.config["WORKER_INTERVAL"]
    click.echo(f"Worker running (a pass every {seconds:g} s); Ctrl-C stops it.")
    try:
        run_forever(seconds)
    except KeyboardInterrupt:
        click.echo("Worker stopped.")
