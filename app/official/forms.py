"""Forms of the official-document pages: import, link, plenary outcome."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import DateField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from positions.models import OFFICIAL_LIMITS

OUTCOME_LABELS = {"pending": _l("Pending"), "agreed": _l("Agreed"), "bracketed": _l("Bracketed"), "deleted": _l("Deleted")}


class OfficialImportForm(FlaskForm):
    file = FileField(_l("Word file (.docx) or PDF with text"), validators=[FileRequired()])
    symbol = StringField(_l("Symbol"), validators=[DataRequired(), Length(max=OFFICIAL_LIMITS["symbol"])])
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=OFFICIAL_LIMITS["title"])])
    meeting = StringField(_l("Meeting"), validators=[Optional(), Length(max=OFFICIAL_LIMITS["meeting"])])
    issued_on = DateField(_l("Date"), validators=[Optional()])
    revision_of = SelectField(_l("Revision of"), choices=[], validate_choice=False)


class OfficialConfirmForm(FlaskForm):
    """The preview's confirmation: the kept upload's token and the details given with the file (editable)."""

    token = HiddenField(validators=[DataRequired()])
    symbol = StringField(_l("Symbol"), validators=[DataRequired(), Length(max=OFFICIAL_LIMITS["symbol"])])
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=OFFICIAL_LIMITS["title"])])
    meeting = StringField(_l("Meeting"), validators=[Optional(), Length(max=OFFICIAL_LIMITS["meeting"])])
    issued_on = DateField(_l("Date"), validators=[Optional()])
    revision_of = HiddenField()


class LinkForm(FlaskForm):
    clause = SelectField(_l("Belgian clause"), choices=[], validate_choice=False)
    paragraph = SelectField(_l("Official paragraph"), choices=[], validate_choice=False)


class PlainForm(FlaskForm):
    """A button: only the CSRF token."""


class OutcomeForm(FlaskForm):
    outcome = SelectField(_l("Outcome"), choices=list(OUTCOME_LABELS.items()))
    chair_text = TextAreaField(_l("Chair's text"), validators=[Length(max=20_000)])
    note = TextAreaField(_l("Note"), validators=[Length(max=20_000)])


class GovernmentCommentForm(FlaskForm):
    paragraph = SelectField(_l("Paragraph"), choices=[], validate_choice=False)
    page = StringField(_l("Page"), validators=[Optional(), Length(max=6)])
    line = StringField(_l("Line"), validators=[Optional(), Length(max=20)])
    comment = TextAreaField(_l("Comment"), validators=[Length(max=20_000)])
    proposed_text = TextAreaField(_l("Proposed text"), validators=[Length(max=20_000)])
