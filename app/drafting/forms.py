"""The clause and version forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import Length, Optional

from app.labels import KIND_LABELS
from positions.services.drafting import MAX_HEADING_CHARS
from positions.services.versions import MAX_NOTE_CHARS


class ClauseForm(FlaskForm):
    kind = SelectField(_l("Kind"), choices=[])
    heading = StringField(_l("Heading"), validators=[Optional(), Length(max=MAX_HEADING_CHARS)])
    body = TextAreaField(_l("Text (Markdown)"), validators=[Optional()])
    base_revision = HiddenField()
    after = HiddenField()

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.kind.choices = [(k, str(label)) for k, label in KIND_LABELS.items()]


def new_clause_form() -> ClauseForm:
    """An empty clause form (kind 'text')."""
    return ClauseForm(data={"kind": "text"})


class VersionForm(FlaskForm):
    note = StringField(_l("Note for this version"), validators=[Optional(), Length(max=MAX_NOTE_CHARS)])
