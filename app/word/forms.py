"""The upload forms of the Word pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField

from app.positions.forms import PositionForm


class UploadForm(FlaskForm):
    file = FileField(_l("Word file (.docx)"), validators=[FileRequired()])


class TokenForm(FlaskForm):
    token = HiddenField()


class ImportPositionForm(PositionForm):
    token = HiddenField()
