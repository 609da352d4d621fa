"""Helpers available in every template."""

from __future__ import annotations

import uuid

from flask import Flask
from flask_babel import format_decimal, get_locale
from markupsafe import Markup

from app.i18n import format_day, format_moment, label, translate
from app.labels import (
    ADMINISTRATION_KIND_LABELS,
    COMMENT_KIND_LABELS,
    COMMENT_STATUS_LABELS,
    CONFIDENTIALITY_LABELS,
    CONSENT_LABELS,
    CONSULTATION_OUTCOMES,
    EU_INSTITUTION_NAMES,
    KIND_LABELS,
    REVISION_LABELS,
    ROLE_LABELS,
    STATUS_LABELS,
    confidentiality_help,
    kind_label,
    label_of,
    phase_label,
    stage_label,
    stage_name,
)
from positions.member_states import territory_of
from positions.text.diffing import (
    DELETE,
    INSERT,
    render_inline_html,
    render_side_by_side_html,
    word_diff,
)
from positions.text.rendering import render_clause_body, render_markdown


def administration_name(administration) -> str:
    """An administration's name; a member state's or EU institution's in the reader's language."""
    territory = territory_of(administration.code) if administration.kind == "member_state" else None
    if territory:
        return get_locale().territories.get(territory, administration.name)
    if administration.kind == "eu_institution" and administration.code in EU_INSTITUTION_NAMES:
        return str(EU_INSTITUTION_NAMES[administration.code])
    return administration.name


def diff_labels() -> dict[int, str]:
    """What a screen reader says before a deletion or an insertion."""
    from flask_babel import gettext

    return {DELETE: gettext("deleted: "), INSERT: gettext("inserted: ")}


def render_side(ops) -> tuple[Markup, Markup]:
    """A diff as two escaped HTML halves."""
    left, right = render_side_by_side_html(ops, diff_labels())
    return Markup(left), Markup(right)


def summary_text(summary) -> str:
    """A comparison summary in words: '12 clauses changed, 3 added, 1 removed'."""
    from flask_babel import gettext, ngettext

    parts = [(summary.changed, "changed"), (summary.added, "added"), (summary.removed, "removed"), (summary.moved, "moved")]
    first = {
        "changed": lambda n: ngettext("%(num)s clause changed", "%(num)s clauses changed", n),
        "added": lambda n: ngettext("%(num)s clause added", "%(num)s clauses added", n),
        "removed": lambda n: ngettext("%(num)s clause removed", "%(num)s clauses removed", n),
        "moved": lambda n: ngettext("%(num)s clause moved", "%(num)s clauses moved", n),
    }
    rest = {
        "changed": lambda n: gettext("%(num)s changed", num=n),
        "added": lambda n: gettext("%(num)s added", num=n),
        "removed": lambda n: gettext("%(num)s removed", num=n),
        "moved": lambda n: gettext("%(num)s moved", num=n),
    }
    words = [(rest if i else first)[name](count) for i, (count, name) in enumerate((c, n) for c, n in parts if c)]
    return ", ".join(words) if words else gettext("No changes")


def verdict_text(verdict) -> str:
    """The consensus reading of a consultation, in words."""
    from flask_babel import gettext

    parts = [f"{n} {CONSENT_LABELS.get(s, s)}" for s in ("pending", "agree", "agree_with_reservation", "object", "silent", "unanswered")
             if (n := verdict.counts.get(s))]
    if verdict.state == "blocked":
        who = "; ".join(gettext("%(administration)s objects — %(note)s", administration=administration_name(c.administration), note=c.note)
                        for c in verdict.objections)
        return gettext("Blocked: %(objections)s", objections=who)
    if verdict.state == "consensus":
        return gettext("Consensus: %(answers)s", answers=", ".join(parts) or gettext("no administrations consulted"))
    if verdict.state == "closed":
        return gettext("Closed: %(answers)s", answers=", ".join(parts) or gettext("no administrations consulted"))
    return gettext("Pending: %(answers)s", answers=", ".join(parts) or gettext("no administrations consulted"))


def format_deadline(moment) -> str:
    """A deadline in the local zone, naming it; English dates read day-month-year ('3 Dec 2031, 23:59 CET')."""
    from babel.dates import format_datetime as babel_datetime

    from positions.clock import in_local_zone

    local = in_local_zone(moment)
    code = str(get_locale() or "en")
    text = babel_datetime(local, "d MMM y, HH:mm", locale="en_GB" if code.split("_")[0] == "en" else code)
    return f"{text} {local.tzname()}"


def _refusal_text(error) -> Markup:
    from app.web import refusal_message

    return refusal_message(error)


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
        format_datetime=format_moment,  # in TIMEZONE; English day-month-year, 24-hour
        format_date=format_day,
        format_number=format_decimal,
        translate=translate,
        label=label,
        stage_name=stage_name,
        role_label=lambda role: label_of(ROLE_LABELS, role),
        administration_kind_label=lambda kind: label_of(ADMINISTRATION_KIND_LABELS, kind),
        administration_name=administration_name,
        confidentiality_label=lambda value: label_of(CONFIDENTIALITY_LABELS, value),
        confidentiality_help=confidentiality_help,
        revision_label=lambda what: label_of(REVISION_LABELS, what),
        outcome_label=lambda outcome: label_of(CONSULTATION_OUTCOMES, outcome),
        summary_text=summary_text,
        verdict_text=verdict_text,
        word_diff=word_diff,
        render_diff=lambda ops: Markup(render_inline_html(ops, diff_labels())),
        render_side=render_side,
        status_label=lambda status: str(STATUS_LABELS.get(status, status)),
        current_locale=lambda: str(get_locale() or "en"),
        new_submission_id=lambda: uuid.uuid4().hex,
        refusal_text=_refusal_text,
        format_deadline=format_deadline,  # why a form was refused, shown beside it  # one per shown form: sending it twice posts once
    )
