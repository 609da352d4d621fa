"""The invitation, revocation and set-password forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, EqualTo, Length

from positions.services.accounts import MAX_PASSWORD, MIN_PASSWORD
from positions.services.participants import MAX_NAME


class InviteForm(FlaskForm):
    email = EmailField(_l("E-mail address"), validators=[DataRequired(), Length(max=254)])
    name = StringField(_l("Name"), validators=[Length(max=MAX_NAME)])
    administration = SelectField(_l("Member state or EU institution"), validators=[DataRequired()], validate_choice=False)


class RevokeForm(FlaskForm):
    """Only the CSRF token: the participant is in the URL."""


class SetPasswordForm(FlaskForm):
    new_password = PasswordField(_l("New password"), validators=[DataRequired(), Length(
        min=MIN_PASSWORD, max=MAX_PASSWORD,
        message=_l("The password must have between %(min)s and %(max)s characters.", min=MIN_PASSWORD, max=MAX_PASSWORD))])
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[DataRequired(), EqualTo("new_password", message=_l("The two passwords differ."))],
    )
