"""The form that opens a position (also the details form of a Word import)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from app.extensions import db
from app.i18n import label
from app.labels import CONFIDENTIALITY_LABELS
from positions.models import CONFIDENTIALITY, TEXT_LIMITS
from positions.services.positions import DEFAULT_WORKFLOW, consultable_administrations
from workflows.service import all_workflows


class PositionForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=TEXT_LIMITS["title"])])
    meeting = StringField(_l("Meeting"), validators=[DataRequired(), Length(max=TEXT_LIMITS["meeting"])])
    agenda_item = StringField(_l("Agenda item"), validators=[DataRequired(), Length(max=TEXT_LIMITS["agenda_item"])])
    document_symbol = StringField(_l("Document symbol"), validators=[Optional(), Length(max=TEXT_LIMITS["document_symbol"])])
    confidentiality = SelectField(_l("Confidentiality"), choices=[(c, CONFIDENTIALITY_LABELS.get(c, c)) for c in CONFIDENTIALITY], default="limited")
    # Choices: the app's workflows (below); an unknown key is refused by the service, which names the known ones.
    workflow = SelectField(_l("Workflow"), default=DEFAULT_WORKFLOW, validate_choice=False)
    consulted = SelectMultipleField(_l("Consulted administrations"))
    objective = TextAreaField(_l("Objective"), validators=[Optional(), Length(max=TEXT_LIMITS["objective"])])

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.workflow is not None:
            self.workflow.choices = [(key, label(workflow.label)) for key, workflow in all_workflows().items()]
        self.consulted.choices = [(a.code, f"{a.code} — {a.name}") for a in consultable_administrations(db.session)]

    def details(self) -> dict:
        """What the form says about the position, as the service takes it."""
        return {"title": self.title.data, "meeting": self.meeting.data, "agenda_item": self.agenda_item.data,
                "document_symbol": self.document_symbol.data or "", "confidentiality": self.confidentiality.data,
                "workflow_key": self.workflow.data, "consulted": self.consulted.data, "objective": self.objective.data or ""}


class PositionDetailsForm(PositionForm):
    """The details a pen-holder can change after creation (the workflow and objective stay)."""

    workflow = None
    objective = None

    def __init__(self, position, *args, **kwargs) -> None:
        super().__init__(*args, obj=position, **kwargs)
        known = {code for code, _ in self.consulted.choices}
        self.consulted.choices += [(a.code, f"{a.code} — {a.name}") for a in position.consulted if a.code not in known]
        if not self.is_submitted():
            self.consulted.data = [a.code for a in position.consulted]

    def details(self) -> dict:
        return {"title": self.title.data, "meeting": self.meeting.data, "agenda_item": self.agenda_item.data,
                "document_symbol": self.document_symbol.data or "", "confidentiality": self.confidentiality.data,
                "consulted": self.consulted.data}
