"""`plenipo demo`, `plenipo create-administration`, `plenipo create-user`: accounts and demo data from the command line."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from app.cli.base import domain_errors
from app.extensions import db
from positions.actors import SYSTEM
from positions.models import ADMINISTRATION_KINDS, ROLES
from positions.services import accounts


@click.command("demo")
@with_appcontext
@domain_errors
def demo_command():
    """Load the demo administrations, users and positions (once; running it again changes nothing)."""
    from app.cli.demo_data import load_demo

    created = load_demo(db.session)
    click.echo("Demo data loaded." if created else "Demo data already present; nothing changed.")


@click.command("create-administration")
@click.argument("code")
@click.option("--name", required=True, help="Full name of the administration.")
@click.option("--kind", required=True, type=click.Choice(ADMINISTRATION_KINDS), help="federal, regional, community, scientific; member_state or eu_institution (EU codes: DE, EL, COM, PRES).")
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


