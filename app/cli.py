"""Command-line interface: `flask --app app ...` or the `plenipo` console script."""

from __future__ import annotations

import functools

import click
from flask import Flask
from flask.cli import FlaskGroup, with_appcontext

from app.extensions import db
from positions.actors import SYSTEM
from positions.errors import DomainError
from positions.models import ADMINISTRATION_KINDS, ROLES
from positions.services import accounts


def domain_errors(fn):
    """Turn domain errors into a clean CLI error (exit status 1, message, no traceback)."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            result = fn(*args, **kwargs)
            db.session.commit()
            return result
        except DomainError as error:
            db.session.rollback()
            raise click.ClickException(error.message) from error

    return wrapper


@click.command("demo")
@with_appcontext
@domain_errors
def demo_command():
    """Load the demo administrations, users and positions (once; running it again changes nothing)."""
    from app.demo import load_demo

    created = load_demo(db.session)
    click.echo("Demo data loaded." if created else "Demo data already present; nothing changed.")


@click.command("create-administration")
@click.argument("code")
@click.option("--name", required=True, help="Full name of the administration.")
@click.option("--kind", required=True, type=click.Choice(ADMINISTRATION_KINDS), help="federal, regional, community or scientific.")
@with_appcontext
@domain_errors
def create_administration_command(code: str, name: str, kind: str):
    """Add an administration."""
    administration = accounts.create_administration(db.session, SYSTEM, code, name, kind)
    click.echo(f"Created administration {administration.code} ({administration.name}).")


@click.command("create-user")
@click.argument("email")
@click.option("--name", required=True)
@click.option("--administration", "administration_code", required=True, help="Code of the user's administration.")
@click.option("--role", required=True, type=click.Choice(ROLES))
@click.option("--password", default=None, help="Prompted for (hidden, twice) when not given.")
@with_appcontext
@domain_errors
def create_user_command(email: str, name: str, administration_code: str, role: str, password: str | None):
    """Create a user account."""
    if password is None:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    user = accounts.create_user(
        db.session, SYSTEM, email=email, name=name, administration_code=administration_code, role=role, password=password
    )
    click.echo(f"Created {user.role} {user.email} ({user.administration.code}).")


def init_app(app: Flask) -> None:
    """Register the commands on the app's CLI."""
    from app.cli_audit import COMMANDS as AUDIT_COMMANDS
    from app.cli_backup import COMMANDS as BACKUP_COMMANDS
    from app.cli_word import COMMANDS as WORD_COMMANDS

    for command in (demo_command, create_administration_command, create_user_command, *AUDIT_COMMANDS, *WORD_COMMANDS,
                    *BACKUP_COMMANDS):
        app.cli.add_command(command)


def main() -> None:
    """Entry point of the `plenipo` console script; create_app() reads PLENIPO_ENV, as under gunicorn."""
    from app import create_app

    cli = FlaskGroup(create_app=create_app, add_default_commands=True, load_dotenv=False)
    cli.main(prog_name="plenipo")
