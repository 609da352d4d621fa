"""What every web area shares: the one place that commits the request's changes, or rolls them back and says why.

A view reads its form, then hands the service call to `save`: the transaction is committed and the
success message flashed, or — when the service refuses the input — rolled back, the reason flashed in
the reader's language, and `Refused` raised so the view can show its form again (usually with 422).
Other domain errors (not allowed, not found, a conflict) go to the central handlers in app/errors.py.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from flask import flash
from flask_babel import gettext as _
from markupsafe import Markup

from app.extensions import db
from app.i18n import translate
from positions.errors import DomainError, ValidationFailed

T = TypeVar("T")


class Refused(Exception):
    """The service refused the input; the transaction is rolled back and the reason flashed."""

    def __init__(self, error: DomainError) -> None:
        super().__init__(error.message)
        self.error = error


def refusal_message(error: DomainError) -> Markup:
    """Why something was refused, in the reader's language; a workflow step lists each reason."""
    reasons = error.details.get("reasons") if isinstance(error.details, dict) else None
    if not reasons:
        return Markup("{}").format(translate(error.message))
    step = translate(error.details.get("step", ""))
    items = Markup("").join(Markup("<li>{}</li>").format(translate(r)) for r in reasons)
    return Markup('{}<ul class="mb-0">{}</ul>').format(_("%(step)s is not possible now:", step=step), items)


Message = str | tuple[str, str]  # a text, or (text, category) for a flash other than "success"


def save(action: Callable[[], T], success: Message | Callable[[T], Message] | None = None, *,
         refusals: tuple[type[DomainError], ...] = (ValidationFailed,), say_refusal: bool = True) -> T:
    """Run a service call and commit; flash `success` (or success(result)); on a refusal roll back, flash why, raise Refused.

    say_refusal=False: the view shows the reason itself, beside the form that caused it.
    """
    try:
        result = action()
        db.session.commit()
    except refusals as error:
        db.session.rollback()
        if say_refusal:
            flash(refusal_message(error), "danger")
        raise Refused(error) from error
    message = success(result) if callable(success) else success
    if message:
        text, category = message if isinstance(message, tuple) else (message, "success")
        flash(text, category)
    return result
