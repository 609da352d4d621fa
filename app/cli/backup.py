"""`plenipo backup FILE` and `plenipo restore FILE`: the whole database to and from a backup file."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext
from sqlalchemy.exc import SQLAlchemyError

from app.cli.audit import checkpoint_option
from app.extensions import db
from positions.audit.verify import Checkpoint
from positions.backup.archive import BackupError, describe
from positions.backup.backups import create_backup, restore_backup, target_label


@click.command("backup")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace FILE if it already exists.")
@with_appcontext
def backup_command(file: Path, force: bool):
    """Write a consistent backup of the whole database to FILE (SQLite online backup, or pg_dump)."""
    try:
        manifest = create_backup(db.engine, file, force=force)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    except SQLAlchemyError as error:
        raise click.ClickException(f"The database could not be read: {getattr(error, 'orig', None) or error}") from error
    click.echo(f"Wrote {file} ({file.stat().st_size:,} bytes, sha256 of the dump {manifest['payload']['sha256'][:12]}).")
    click.echo(describe(manifest))


@click.command("restore")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Replace the data without asking.")
@checkpoint_option
@with_appcontext
def restore_command(file: Path, yes: bool, checkpoints: list[Checkpoint]):
    """Replace ALL data with the backup in FILE, then verify the audit chain (against checkpoints), the audited
    states and every version's hash."""

    def confirm(manifest: dict) -> bool:
        click.echo(describe(manifest))
        if yes:
            return True
        target = target_label(db.engine)
        return click.confirm(f"This replaces ALL data in {target} with this backup. Continue?", default=False)

    try:
        _, checks = restore_backup(db.engine, db.session, file, confirm, checkpoints)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    except SQLAlchemyError as error:
        raise click.ClickException(f"The database could not be reached: {getattr(error, 'orig', None) or error}") from error
    click.echo(f"Restored {file}. Verification:")
    for check in checks:
        click.echo(f"  {'ok    ' if check.ok else 'FAILED'}  {check.name}: {check.detail}")
    failed = [check.name for check in checks if not check.ok]
    if failed:
        raise click.ClickException(f"The restored database failed verification ({', '.join(failed)}).")
    click.echo("All checks passed.")


