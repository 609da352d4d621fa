"""The user and administration forms of the admin pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional

from app.labels import ADMINISTRATION_KIND_LABELS, ROLE_LABELS
from positions.models import ADMINISTRATION_KINDS, ROLES
from positions.services.accounts import MAX_PASSWORD, MIN_PASSWORD


class UserForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    email = StringField(_l("Email"), validators=[DataRequired(), Length(max=254)])
    administration = SelectField(_l("Administration"), validators=[DataRequired()])
    role = SelectField(_l("Role"), choices=[(r, ROLE_LABELS.get(r, r)) for r in ROLES])
    password = PasswordField(_l("Password (new users; at least %(min)s characters)", min=MIN_PASSWORD),
                             validators=[Optional(), Length(min=MIN_PASSWORD, max=MAX_PASSWORD)])
    active = BooleanField(_l("Active"), default=True)


class AdministrationForm(FlaskForm):
    code = StringField(_l("Code"), validators=[DataRequired(), Length(max=20)])
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    kind = SelectField(_l("Kind"), choices=[(k, ADMINISTRATION_KIND_LABELS.get(k, k)) for k in ADMINISTRATION_KINDS])
    active = BooleanField(_l("Active"), default=True)
