"""Export options read from a query string (the web export form and the API), checked by exports.documents."""

from __future__ import annotations

from collections.abc import Mapping

from app.form_numbers import whole_number
from exports.documents import ExportOptions, check_options
from positions.errors import ValidationFailed
from positions.messages import Msg

_TRUE = {"1", "true", "yes", "on"}


def _number(value: str | None, name: str) -> int | None:
    value = (value or "").strip().lower()
    if value in ("", "draft"):
        return None
    number = whole_number(value)
    if number is None:
        raise ValidationFailed(Msg("'%(name)s' must be a version number (1, 2, …) or 'draft'.", name=name), {name: value[:20]})
    return number


def parse_options(args: Mapping[str, str]) -> ExportOptions:
    """Read and check export options from query-string-like values."""
    layout = (args.get("layout") or "position").strip()
    fmt = (args.get("format") or "docx").strip().lower()
    options = ExportOptions(
        version=_number(args.get("version"), "version"),
        layout=layout,
        comments=(args.get("comments") or "").strip().lower() in _TRUE,
        redline_from=_number(args.get("redline_from"), "redline_from"),
        format=fmt,
    )
    check_options(options)
    return options
