"""Helpers available in every template."""

from __future__ import annotations

from flask import Flask
from flask_babel import format_datetime, get_locale
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from positions.diffing import render_inline_html, render_side_by_side_html, word_diff
from positions.rendering import render_clause_body, render_markdown
from workflows.service import phase_label, stage_label

KIND_LABELS = {
    "heading": _l("Heading"),
    "text": _l("Text"),
    "line_to_take": _l("Line to take"),
    "fallback": _l("Fallback"),
    "red_line": _l("Red line"),
    "background": _l("Background"),
    "internal_note": _l("Internal note"),
}


COMMENT_KIND_LABELS = {
    "comment": _l("Comment"),
    "question": _l("Question"),
    "support": _l("Support"),
    "reservation": _l("Reservation"),
    "amendment": _l("Amendment"),
}
COMMENT_STATUS_LABELS = {
    "open": _l("open"),
    "resolved": _l("resolved"),
    "accepted": _l("accepted"),
    "rejected": _l("rejected"),
    "withdrawn": _l("withdrawn"),
}
CONSENT_LABELS = {
    "pending": _l("pending"),
    "agree": _l("agrees"),
    "agree_with_reservation": _l("agrees with reservation"),
    "object": _l("objects"),
    "silent": _l("silent (counts as agreement)"),
}

STATUS_LABELS = {
    "added": _l("added"),
    "removed": _l("removed"),
    "moved": _l("moved"),
    "modified": _l("modified"),
    "unchanged": _l("unchanged"),
}


def render_side(ops) -> tuple[Markup, Markup]:
    """A diff as two escaped HTML halves."""
    left, right = render_side_by_side_html(ops)
    return Markup(left), Markup(right)


def kind_label(kind: str) -> str:
    """The reader's name for a clause kind."""
    return str(KIND_LABELS.get(kind, kind))


def init_app(app: Flask) -> None:
    """Expose the helpers to Jinja."""
    app.jinja_env.globals.update(
        stage_label=stage_label,
        phase_label=phase_label,
        kind_label=kind_label,
        kind_labels=KIND_LABELS,
        kind_labels_now=lambda: {k: str(v) for k, v in KIND_LABELS.items()},
        comment_kind_labels=lambda: {k: str(v) for k, v in COMMENT_KIND_LABELS.items()},
        comment_status_labels=lambda: {k: str(v) for k, v in COMMENT_STATUS_LABELS.items()},
        consent_label=lambda state: str(CONSENT_LABELS.get(state, state)),
        render_clause=lambda text: Markup(render_clause_body(text)),
        render_markdown=lambda text: Markup(render_markdown(text)),
        format_datetime=format_datetime,
        word_diff=word_diff,
        render_diff=lambda ops: Markup(render_inline_html(ops)),
        render_side=render_side,
        status_label=lambda status: str(STATUS_LABELS.get(status, status)),
        current_locale=lambda: str(get_locale() or "en"),
    )
