"""The library's forms, and the reader's words for its statuses and languages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import DateField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import Length, Optional

from app.labels import KIND_LABELS
from positions.models import LIBRARY_LIMITS

STATUS_LABELS = {
    "proposed": _l("proposed"),
    "agreed_belgium": _l("agreed by Belgium"),
    "agreed_eu": _l("agreed by the EU"),
    "adopted_plenary": _l("adopted by the plenary"),
}
LANGUAGE_LABELS = {"en": _l("English"), "fr": _l("French"), "nl": _l("Dutch"), "de": _l("German"), "es": _l("Spanish")}


class SourceFields(FlaskForm):
    """Where wording comes from: shared by the entry form and the Word import."""

    language = SelectField(_l("Language"), choices=[])
    meeting = StringField(_l("Meeting"), validators=[Optional(), Length(max=LIBRARY_LIMITS["meeting"])])
    symbol = StringField(_l("Document symbol"), validators=[Optional(), Length(max=LIBRARY_LIMITS["symbol"])])
    source_date = DateField(_l("Date"), validators=[Optional()])
    status = SelectField(_l("Status"), choices=[])
    tags = StringField(_l("Tags (separated by commas)"), validators=[Optional(), Length(max=1000)])

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.language.choices = [(k, str(v)) for k, v in LANGUAGE_LABELS.items()]
        self.status.choices = [(k, str(v)) for k, v in STATUS_LABELS.items()]

    def source(self) -> dict:
        """The fields as the library service names them."""
        return {"language": self.language.data, "meeting": self.meeting.data or "", "symbol": self.symbol.data or "",
                "source_date": self.source_date.data, "status": self.status.data, "tags": self.tags.data or ""}


class EntryForm(SourceFields):
    text = TextAreaField(_l("Wording (Markdown)"), validators=[Optional()])
    paragraph = StringField(_l("Paragraph"), validators=[Optional(), Length(max=LIBRARY_LIMITS["paragraph"])])
    notes = TextAreaField(_l("Notes"), validators=[Optional()])

    def fields(self) -> dict:
        """Everything the entry form says, as the service names it."""
        return {**self.source(), "text": self.text.data or "", "paragraph": self.paragraph.data or "", "notes": self.notes.data or ""}


class LibraryImportForm(SourceFields):
    file = FileField(_l("Word file (.docx)"), validators=[FileRequired()])


class LibraryConfirmForm(SourceFields):
    token = HiddenField()


class InsertForm(FlaskForm):
    """Insert an entry's wording into a position: as a new clause of a kind, or into a clause."""

    position = HiddenField()
    clause = HiddenField()
    base_revision = HiddenField()
    kind = SelectField(_l("Kind"), choices=[])

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.kind.choices = [(k, str(label)) for k, label in KIND_LABELS.items()]


class FromClauseForm(FlaskForm):
    status = SelectField(_l("Status"), choices=[])

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.status.choices = [(k, str(v)) for k, v in STATUS_LABELS.items()]
