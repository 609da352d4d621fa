"""`plenipo audit verify | checkpoint | baseline`: the tamper-evident audit log from the command line."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from app.cli.base import domain_errors
from app.extensions import db
from positions.audit.baseline import record_baseline
from positions.audit.verify import Checkpoint, verify


def parse_checkpoints(ctx, param, values: tuple[str, ...]) -> list[Checkpoint]:
    """Click callback: each --checkpoint value as a Checkpoint, or a usage error saying what is expected."""
    try:
        return [Checkpoint.parse(value) for value in values]
    except ValueError as error:
        raise click.BadParameter(str(error)) from error


checkpoint_option = click.option(
    "--checkpoint", "checkpoints", multiple=True, metavar="SEQUENCE:HASH", callback=parse_checkpoints,
    help="A line printed earlier by `plenipo audit checkpoint`; fails if the chain is shorter or differs there. Repeatable.",
)


@click.group("audit")
def audit_group():
    """The tamper-evident audit log."""


@audit_group.command("verify")
@checkpoint_option
@with_appcontext
def audit_verify_command(checkpoints: list[Checkpoint]):
    """Recompute the hash chain, check it against checkpoints, and the live tables against the states it recorded."""
    db.session.rollback()
    report = verify(db.session, checkpoints)
    db.session.rollback()
    for line in report.chain_lines() + report.state_lines():
        click.echo(line)
    if not report.ok:
        raise click.ClickException(report.summary())


@audit_group.command("checkpoint")
@with_appcontext
def audit_checkpoint_command():
    """Print `CHECKPOINT <sequence>:<hash>` (the verified chain's length and newest hash) to keep outside the database."""
    db.session.rollback()
    report = verify(db.session, states=False)
    if not report.chain_ok:
        db.session.rollback()
        raise click.ClickException(f"No checkpoint: audit chain broken at event {report.broken_at}: {report.reason}.")
    db.session.rollback()
    click.echo(f"CHECKPOINT {Checkpoint(report.events, report.head)}")


@audit_group.command("baseline")
@click.option("--yes", is_flag=True, help="Record without asking.")
@with_appcontext
@domain_errors
def audit_baseline_command(yes: bool):
    """Record, once, the current state of rows that no event recorded (data made before states were recorded)."""
    db.session.rollback()
    preview = verify(db.session)
    db.session.rollback()
    if not preview.unrecorded:
        click.echo("Nothing to record: every covered row already has a recorded state.")
        return
    for line in preview.chain_lines() + preview.state_lines():
        click.echo(line)
    if not yes and not click.confirm(f"Record the current state of these {len(preview.unrecorded):,} rows as the baseline?",
                                     default=False):
        raise click.ClickException("Baseline not recorded.")
    _, counted = record_baseline(db.session, None)
    tables = ", ".join(f"{label}: {n:,}" for label, n in sorted(counted.items()))
    click.echo(f"Baseline recorded: {sum(counted.values()):,} rows ({tables}).")


