"""What every command shares: domain refusals become clean command-line errors, the work is committed once."""

from __future__ import annotations

import functools

import click
from sqlalchemy.exc import OperationalError, ProgrammingError

from app.extensions import db
from positions.errors import DomainError


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
        except (OperationalError, ProgrammingError) as error:  # e.g. a new database without its tables
            db.session.rollback()
            raise click.ClickException(f"The database could not be used ({getattr(error, 'orig', error)}). "
                                       "If it is new, run `plenipo db upgrade` first.") from error

    return wrapper
