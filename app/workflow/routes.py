"""The workflow panel, firing transitions from the browser, and a position's history."""

from __future__ import annotations

import re
from contextlib import suppress
from dataclasses import dataclass, replace
from typing import Any

from flask import Blueprint, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from app.extensions import db
from app.i18n import label, translate
from app.labels import COMMENT_KIND_LABELS, stage_label
from app.web import Refused, save
from exports import formats
from positions import audit
from positions.audit.history import history_filter
from positions.errors import Conflict, PermissionDenied, ValidationFailed
from positions.models import Event, Position
from positions.services import comment_pages, drafting
from positions.services.positions import get_position
from workflows.service import Step, fire_transition, transitions, workflow_for

bp = Blueprint("workflow", __name__, url_prefix="/positions/<int:position_id>", template_folder="templates")

PER_PAGE = 50
VERB = re.compile(r"[a-z_]{1,30}(\.[a-z_]{1,30})?\Z")
VERB_LABELS = {
    "position": _l("Position"), "clause": _l("Clauses"), "version": _l("Versions"), "comment": _l("Comments"),
    "consultation": _l("Consultations"), "consent": _l("Answers"), "transition": _l("Workflow steps"),
    "export": _l("Exports"), "import": _l("Imports"), "administration": _l("Administrations"), "user": _l("Users"),
    "token": _l("API tokens"), "audit": _l("Audit"), "library": _l("Library"),
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
    "import.position": _l("position imported from Word"), "audit.baseline": _l("audit baseline recorded"),
    "library.added": _l("added to the library"), "library.edited": _l("library entry edited"),
    "library.used": _l("wording taken from the library"),
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
    "rows": _l("rows"), "library_entry": _l("library entry"), "automatic": _l("automatically"),
    "redline_from": _l("red line from version"),
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
    phase = workflow.phase_of(position.stage)
    steps = [
        replace(step, label=label(step.label), target_label=label(step.target_label),
                blocked_by=[translate(reason) for reason in step.blocked_by], warnings=[translate(w) for w in step.warnings])
        for step in transitions(position, current_user)
    ]
    return Panel(
        label(workflow.label), stage_label(position), label(phase.label if phase else ""),
        [(label(p.label), p == phase) for p in workflow.phases.values()],
        position.frozen_at is not None, steps,
    )


@bp.app_template_global()
def event_summary(event: Event, position: Position, clause_names: dict[str, str] | None = None) -> str:
    """One line saying what an event changed, for the history page: clauses by number and words, values in words."""
    data = event.data or {}
    if event.verb == "transition.fired":
        workflow = workflow_for(position)
        source, target = (label(workflow.states[k].label) if k in workflow.states else k for k in (data.get("from"), data.get("to")))
        transition = workflow.transition(data.get("transition", ""), data.get("from", ""))
        note = data.get("args", {}).get("note")
        step = label(transition.label) if transition else data.get("transition")
        by = f" · {_('taken by the system at the deadline')}" if data.get("by") == "deadline" else ""
        return f"{step}: {source} → {target}" + (f" · {note}" if note else "") + by
    shown = {k: v for k, v in data.items() if v not in (None, "", [], {}) and not isinstance(v, dict | list)}
    shown = {k: v for k, v in shown.items() if k not in HIDDEN_DETAILS and not (k == "redline_from" and not v)}
    return " · ".join(f"{DETAIL_NAMES.get(k, k.replace('_', ' '))}: {_detail_value(event.verb, k, v, clause_names)}"
                      for k, v in shown.items())


HIDDEN_DETAILS = {"bytes"}  # a file's size says nothing to a reader of the history


def _detail_value(verb: str, key: str, value: Any, clause_names: dict[str, str] | None = None) -> Any:
    """Translate the values that are codes (kinds, answers, layouts, yes/no); clauses by number, never by internal uid."""
    from app.labels import CONSENT_LABELS, KIND_LABELS

    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if key in ("clause", "uid", "after", "merged_onto") and isinstance(value, str) and clause_names is not None:
        return clause_names.get(value) or _("a deleted clause")
    if key == "layout" and value == "eu_text":  # the EU text's own export (exports.eu_text_export)
        return _("EU text")
    if key == "layout":
        return next((_(layout.label) for layout in formats.layouts() if layout.key == value), value)
    if key == "version" and value == "eu-draft":
        return _("the EU draft")
    if key == "version" and isinstance(value, str) and value.startswith("eu-") and value[3:].isdigit():
        return _("EU version %(number)s", number=value[3:])
    if key == "format":
        return _(formats.FORMATS[value].label) if value in formats.FORMATS else value
    if key == "version" and value == "draft":
        return _("the draft")
    if key == "content_hash" and isinstance(value, str):
        return value[:12]

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
    with suppress(Refused):
        save(lambda: fire_transition(position, name, current_user, **args), lambda fired: _fired(position, fired),
             refusals=(ValidationFailed, Conflict, PermissionDenied))
    return _back(position_id)


def _fired(position: Position, fired) -> str | tuple[str, str]:
    """Done, and what the step's warnings said (e.g. square brackets left in a final text)."""
    done = _("Done: the position is now at the stage %(stage)s.", stage=stage_label(position))
    if not fired.warnings:
        return done
    return _("%(done)s Warning: %(warnings)s.", done=done, warnings="; ".join(translate(w) for w in fired.warnings)), "warning"


def _back(position_id: int):
    return redirect(url_for("positions.position", position_id=position_id) + "#workflow")


@bp.get("/history")
@login_required
def history(position_id: int):
    """The position's audit events, newest first, filtered by kind, person and dates."""
    position = get_position(db.session, current_user, position_id)
    error, status = None, 200
    try:
        filters, page = history_filter(request.args)
    except ValidationFailed as failure:
        error, status = failure.message, 422
        filters, page = audit.EventFilter(), 1
    events = audit.position_events(db.session, position.id, filters, page, PER_PAGE)
    groups = audit.verb_groups(db.session, position.id)
    clause_names = {label.uid: label.text for label in comment_pages.clause_labels(drafting.draft(db.session, position)).values()}
    return render_template(
        "workflow/history_events.html", position=position, page=events, error=error, args=request.args, clause_names=clause_names,
        actors=audit.actors_of(db.session, position.id), groups=[(g, str(VERB_LABELS.get(g, g))) for g in groups],
    ), status
