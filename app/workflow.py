"""The workflow panel, firing transitions from the browser, and a position's history."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from markupsafe import Markup
from werkzeug.datastructures import MultiDict

from app.extensions import db
from app.form_numbers import whole_number
from app.i18n import label, translate
from app.templating import COMMENT_KIND_LABELS, stage_label
from exports import formats
from positions import audit
from positions.errors import DomainError, NotFound, ValidationFailed
from positions.models import Event, Position
from positions.services.positions import get_position
from workflows.service import Step, fire_transition, transitions, workflow_for

bp = Blueprint("workflow", __name__, url_prefix="/positions/<int:position_id>")

PER_PAGE = 50
VERB = re.compile(r"[a-z_]{1,30}(\.[a-z_]{1,30})?\Z")
VERB_LABELS = {
    "position": _l("Position"), "clause": _l("Clauses"), "version": _l("Versions"), "comment": _l("Comments"),
    "consultation": _l("Consultations"), "consent": _l("Answers"), "transition": _l("Workflow steps"),
    "export": _l("Exports"), "import": _l("Imports"), "administration": _l("Administrations"), "user": _l("Users"),
    "token": _l("API tokens"),
}
EVENT_VERBS = {
    "position.created": _l("position created"), "clause.added": _l("clause added"), "clause.edited": _l("clause edited"),
    "clause.moved": _l("clause moved"), "clause.deleted": _l("clause deleted"), "version.taken": _l("version taken"),
    "comment.posted": _l("comment posted"), "comment.resolved": _l("comment resolved"),
    "comment.accepted": _l("amendment accepted"), "comment.rejected": _l("amendment rejected"),
    "comment.withdrawn": _l("comment withdrawn"), "consultation.opened": _l("consultation opened"),
    "consultation.closed": _l("consultation closed"), "consultation.silence": _l("silence procedure applied"),
    "consent.given": _l("answer given"), "version.approved": _l("version approved"),
    "version.rejected": _l("version rejected"), "transition.fired": _l("workflow step"), "import.reviewed": _l("reviewed Word file imported"),
    "import.position": _l("position imported from Word"),
}
DETAIL_NAMES = {
    "clause": _l("clause"), "uid": _l("clause"), "kind": _l("kind"), "administration": _l("administration"),
    "parent": _l("reply to"), "title": _l("title"), "consulted": _l("consulted"), "revision": _l("revision"),
    "base": _l("based on"), "base_revision": _l("based on"), "merged_onto": _l("merged onto"), "after": _l("after"),
    "number": _l("number"), "version": _l("version"), "content_hash": _l("content hash"), "note": _l("note"),
    "deadline": _l("deadline"), "state": _l("answer"), "previous": _l("previous answer"), "outcome": _l("outcome"),
    "silent": _l("silent"), "file": _l("file"), "sha256": _l("SHA-256"), "clauses": _l("clauses"),
    "heading": _l("heading"), "body": _l("text"), "decision": _l("decision"), "layout": _l("layout"),
    "format": _l("format"), "comments": _l("comments"), "amendments": _l("amendments"), "name": _l("name"),
    "code": _l("code"), "email": _l("email"), "role": _l("role"), "active": _l("active"), "status": _l("status"),
}


bp.add_app_template_global(audit.verb_of, "verb_of")


@bp.app_template_global()
def event_verb(verb: str) -> str:
    """An audit event's kind in words (an export's from its format in the registry)."""
    if verb in EVENT_VERBS:
        return str(EVENT_VERBS[verb])
    export = formats.event_labels().get(verb)
    return _(export) if export else verb


@dataclass(frozen=True)
class Panel:
    """What the workflow panel shows: where the position is and every step from here."""

    workflow: str
    stage: str
    phase: str
    phases: list[tuple[str, bool]]
    frozen: bool
    steps: list[Step]


@bp.app_template_global()
def workflow_panel(position: Position) -> Panel:
    """The stage, phase and every transition with its reasons, for the current user."""
    workflow = workflow_for(position)
    phase = workflow.state(position.stage).phase
    phases = list(dict.fromkeys(s.phase for s in workflow.states.values() if s.phase))
    steps = [
        replace(step, label=label(step.label), target_label=label(step.target_label),
                blocked_by=[translate(reason) for reason in step.blocked_by])
        for step in transitions(position, current_user)
    ]
    return Panel(
        label(workflow.label), stage_label(position), label(phase), [(label(p), p == phase) for p in phases],
        position.frozen_at is not None, steps,
    )


@bp.app_template_global()
def event_summary(event: Event, position: Position) -> str:
    """One line saying what an event changed, for the history page."""
    data = event.data or {}
    if event.verb == "transition.fired":
        workflow = workflow_for(position)
        source, target = (label(workflow.states[k].label) if k in workflow.states else k for k in (data.get("from"), data.get("to")))
        transition = workflow.transition(data.get("transition", ""), data.get("from", ""))
        note = data.get("args", {}).get("note")
        step = label(transition.label) if transition else data.get("transition")
        return f"{step}: {source} → {target}" + (f" · {note}" if note else "")
    shown = {k: v for k, v in data.items() if v not in (None, "", [], {}) and not isinstance(v, dict | list)}
    return " · ".join(f"{DETAIL_NAMES.get(k, k.replace('_', ' '))}: {_detail_value(event.verb, k, v)}" for k, v in shown.items())


def _detail_value(verb: str, key: str, value: Any) -> Any:
    """Translate the values that are codes (kinds, answers); leave names, numbers and notes as they are."""
    from app.templating import CONSENT_LABELS, KIND_LABELS

    if key == "kind":
        return str(COMMENT_KIND_LABELS.get(value) or KIND_LABELS.get(value, value)) if verb.startswith("comment") else str(
            KIND_LABELS.get(value, value))
    if key in ("state", "previous"):
        return str(CONSENT_LABELS.get(value, value))
    return value


@bp.post("/transitions/<name>")
@login_required
def fire(position_id: int, name: str):
    """Fire a transition; a blocked one comes back as a message with its reasons."""
    position = get_position(db.session, current_user, position_id)
    args = {k: request.form[k].strip() for k in ("note", "deadline") if request.form.get(k, "").strip()}
    try:
        fire_transition(position, name, current_user, **args)
    except NotFound:
        raise
    except DomainError as error:
        db.session.rollback()
        flash(_refusal(error), "danger")
        return _back(position_id)
    db.session.commit()
    flash(_("Done: the position is now at the stage %(stage)s.", stage=stage_label(position)), "success")
    return _back(position_id)


def _refusal(error: DomainError) -> Markup:
    reasons = error.details.get("reasons") if isinstance(error.details, dict) else None
    if not reasons:
        return Markup("{}").format(translate(error.message))
    step = translate(error.details.get("step", ""))
    items = Markup("").join(Markup("<li>{}</li>").format(translate(r)) for r in reasons)
    return Markup('{}<ul class="mb-0">{}</ul>').format(_("%(step)s is not possible now:", step=step), items)


def _back(position_id: int):
    return redirect(url_for("views.position", position_id=position_id) + "#workflow")


def event_filter(args: MultiDict) -> tuple[audit.EventFilter, int]:
    """Read verb, actor, since, until and page from a query string; clear errors for bad values."""
    problems: dict[str, str] = {}
    verb = (args.get("verb") or "").strip().lower() or None
    if verb and not VERB.match(verb):
        problems["verb"] = _("'%(verb)s' is not a kind of event (try 'comment' or 'transition.fired').", verb=verb)
    actor = _number(args.get("actor"), "actor", problems, _("The actor must be a user id."))
    page = _number(args.get("page"), "page", problems, _("The page must be a whole number from 1.")) or 1
    since = _day(args.get("since"), "since", problems)
    until = _day(args.get("until"), "until", problems)
    if since and until and until < since:
        problems["until"] = _("'until' (%(until)s) is before 'since' (%(since)s).", until=until, since=since)
    if problems:
        raise ValidationFailed(" ".join(problems.values()), {"fields": problems})
    return audit.EventFilter(
        verb=verb, actor_id=actor,
        since=datetime.combine(since, time()) if since else None,
        until=datetime.combine(until + timedelta(days=1), time()) if until else None,
    ), page


FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(9998, 12, 31)  # a day later must still be a date


def _number(value: Any, field: str, problems: dict[str, str], message: str) -> int | None:
    if value in (None, ""):
        return None
    number = whole_number(value)
    if number is None:
        problems[field] = message
    return number


def _day(value: str | None, field: str, problems: dict[str, str]) -> date | None:
    if not value:
        return None
    try:
        day = date.fromisoformat(value.strip())
    except ValueError:
        day = None
    if day is None or not FIRST_DAY <= day <= LAST_DAY:
        problems[field] = _("'%(value)s' is not a date (use YYYY-MM-DD).", value=value)
        return None
    return day


@bp.get("/history")
@login_required
def history(position_id: int):
    """The position's audit events, newest first, filtered by kind, person and dates."""
    position = get_position(db.session, current_user, position_id)
    error, status = None, 200
    try:
        filters, page = event_filter(request.args)
    except ValidationFailed as failure:
        error, status = failure.message, 422
        filters, page = audit.EventFilter(), 1
    events = audit.position_events(db.session, position.id, filters, page, PER_PAGE)
    groups = audit.verb_groups(db.session, position.id)
    return render_template(
        "history_events.html", position=position, page=events, error=error, args=request.args,
        actors=audit.actors_of(db.session, position.id), groups=[(g, str(VERB_LABELS.get(g, g))) for g in groups],
    ), status
