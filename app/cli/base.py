"""What every command shares: domain refusals become clean command-line errors, the work is committed once, and
the user a command acts as."""

from __future__ import annotations

import functools

import click
from sqlalchemy import select
from sqlalchemy.exc import OperationalError, ProgrammingError

from app.extensions import db
from positions.errors import DomainError, NotFound, ValidationFailed
from positions.models import User


class BadInput(click.ClickException):
    """A refused input: one line on standard error, exit status 2 (as click's own usage errors)."""

    exit_code = 2


def domain_errors(fn=None, *, exit_code: int = 1):
    """Turn domain errors into a clean CLI error (the message, no traceback; exit status 1 unless told otherwise)."""
    if fn is None:
        return functools.partial(domain_errors, exit_code=exit_code)

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            result = fn(*args, **kwargs)
            db.session.commit()
            return result
        except DomainError as error:
            db.session.rollback()
            refusal = click.ClickException(one_line(error))
            refusal.exit_code = exit_code
            raise refusal from error
        except (OperationalError, ProgrammingError) as error:  # e.g. a new database without its tables
            db.session.rollback()
            raise click.ClickException(f"The database could not be used ({getattr(error, 'orig', error)}). "
                                       "If it is new, run `plenipo db upgrade` first.") from error

    return wrapper


def one_line(error: DomainError) -> str:
    """The error's message on one line, with what it says of each wrong field ("status: one of …")."""
    fields = error.details.get("fields")
    message = str(error.message)
    if isinstance(fields, dict) and fields and all(name in message for name in fields):  # the message names, not says
        detail = "; ".join(f"{name}: {why}" for name, why in sorted(fields.items()))
        message = f"{message.rstrip('.')} ({detail})."
    return " ".join(message.split())


def acting_user(email: str | None, default_role: str = "pen_holder") -> User:
    """The active user given with --as, else the first active user of the default role."""
    if email:
        user = db.session.scalar(select(User).where(User.email == email.strip().lower()))
        if user is None:
            raise NotFound(f"There is no user '{email}'.")
        if not user.active:
            raise ValidationFailed(f"The account '{user.email}' is deactivated.")
        return user
    user = db.session.scalar(select(User).where(User.role == default_role, User.active.is_(True)).order_by(User.id).limit(1))
    if user is None:
        raise ValidationFailed(f"There is no active {default_role.replace('_', '-')} to act as; create one or pass --as EMAIL.")
    return user
