"""Web forms (Flask-WTF: every form carries a CSRF token)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    HiddenField,
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, EqualTo, Length, Optional

from app.i18n import label
from app.templating import ADMINISTRATION_KIND_LABELS, CONFIDENTIALITY_LABELS, ROLE_LABELS
from positions.models import ADMINISTRATION_KINDS, CONFIDENTIALITY, ROLES
from positions.services.positions import DEFAULT_WORKFLOW
from workflows.service import all_workflows


class LoginForm(FlaskForm):
    email = StringField(_l("Email"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired()])
    remember = BooleanField(_l("Keep me logged in on this computer"))


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(_l("Current password"), validators=[DataRequired()])
    new_password = PasswordField(_l("New password"), validators=[DataRequired(), Length(min=10, max=200, message=_l("The password must have between 10 and 200 characters."))])
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[DataRequired(), EqualTo("new_password", message=_l("The two passwords differ."))],
    )


class UserForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    email = StringField(_l("Email"), validators=[DataRequired(), Length(max=254)])
    administration = SelectField(_l("Administration"), validators=[DataRequired()])
    role = SelectField(_l("Role"), choices=[(r, ROLE_LABELS.get(r, r)) for r in ROLES])
    password = PasswordField(_l("Password (new users; at least 10 characters)"), validators=[Optional(), Length(min=10, max=200)])
    active = BooleanField(_l("Active"), default=True)


class AdministrationForm(FlaskForm):
    code = StringField(_l("Code"), validators=[DataRequired(), Length(max=20)])
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    kind = SelectField(_l("Kind"), choices=[(k, ADMINISTRATION_KIND_LABELS.get(k, k)) for k in ADMINISTRATION_KINDS])
    active = BooleanField(_l("Active"), default=True)


class PositionForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=300)])
    meeting = StringField(_l("Meeting"), validators=[DataRequired(), Length(max=200)])
    agenda_item = StringField(_l("Agenda item"), validators=[DataRequired(), Length(max=200)])
    document_symbol = StringField(_l("Document symbol"), validators=[Optional(), Length(max=100)])
    confidentiality = SelectField(_l("Confidentiality"), choices=[(c, CONFIDENTIALITY_LABELS.get(c, c)) for c in CONFIDENTIALITY], default="limited")
    # Choices: the app's workflows (below); an unknown key is refused by the service, which names the known ones.
    workflow = SelectField(_l("Workflow"), default=DEFAULT_WORKFLOW, validate_choice=False)
    consulted = SelectMultipleField(_l("Consulted administrations"))
    objective = TextAreaField(_l("Objective"), validators=[Optional(), Length(max=5000)])

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.workflow.choices = [(key, label(workflow.label)) for key, workflow in all_workflows().items()]


class ClauseForm(FlaskForm):
    kind = SelectField(_l("Kind"), choices=[])
    heading = StringField(_l("Heading"), validators=[Optional(), Length(max=500)])
    body = TextAreaField(_l("Text (Markdown)"), validators=[Optional()])
    base_revision = HiddenField()
    after = HiddenField()


class VersionForm(FlaskForm):
    note = StringField(_l("Note for this version"), validators=[Optional(), Length(max=1000)])
