"""Pages of the EU text (delegates invited to the position, and the Belgian readers of it): read, comment, suggest."""

from __future__ import annotations

import io
from contextlib import suppress
from functools import partial

from flask import Blueprint, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from app.extensions import db
from app.review.routes import submission_fingerprint
from app.web import Refused, save
from app.word.export_texts import word_labels
from exports.eu_text_export import export_eu_text
from positions.errors import Conflict, ValidationFailed
from positions.numbers import form_id
from positions.services import consultations, official_links
from workflows import eu_check, eu_comments, eu_consultation, eu_text

bp = Blueprint("eu", __name__, template_folder="templates")
REFUSALS = (ValidationFailed, Conflict)


@bp.app_template_global()
def eu_menu(position) -> dict[str, bool]:
    """What the EU links of a Belgian position page offer: the EU text and its check, once the EU phase started."""
    started = eu_text.has_eu_text(db.session, position)
    return {"text": started, "check": started and current_user.role != "delegate"}


@bp.get("/eu/positions/<int:position_id>")
@login_required
def text(position_id: int):
    """The EU draft while the EU phase runs, else the newest EU version."""
    return _text_page(position_id, None)


@bp.get("/eu/positions/<int:position_id>/versions/<int:number>")
@login_required
def version(position_id: int, number: int):
    """EU version `number` (EU version 1 is the first version taken in the EU phase)."""
    return _text_page(position_id, number)


def _text_page(position_id: int, number: int | None):
    position = eu_text.eu_position(db.session, current_user, position_id)
    shown = eu_text.eu_text(db.session, position, number)
    may_comment = shown.number is None and eu_comments.may_comment(db.session, current_user, position)
    official = official_links.paragraphs_of_clauses(db.session, position, [c.clause.id for c in shown.clauses])
    return render_template("eu/text.html", position=position, shown=shown, versions=eu_text.eu_versions(db.session, position),
                           in_phase=eu_text.in_eu_phase(position), threads=eu_comments.eu_threads(db.session, position, shown),
                           may_comment=may_comment, who=partial(eu_comments.identity, current_user), official=official)


@bp.get("/eu/positions/<int:position_id>/compare")
@login_required
def compare(position_id: int):
    """Word-level differences between two EU versions, or an EU version and the EU draft."""
    position = eu_text.eu_position(db.session, current_user, position_id)
    old, new, comparison = eu_text.eu_compare(db.session, position, request.args.get("from", "1"), request.args.get("to", "draft"))
    return render_template("eu/compare.html", position=position, old=old, new=new, comparison=comparison,
                           old_numbers={c.uid: c.number for c in old.clauses}, new_numbers={c.uid: c.number for c in new.clauses})


@bp.get("/eu/positions/<int:position_id>/export.docx")
@login_required
def export(position_id: int):
    """The EU text as Word: only the clauses shared with the member states, numbered among themselves."""
    position = eu_text.eu_position(db.session, current_user, position_id)
    number = request.args.get("version", "").strip()
    result = export_eu_text(db.session, current_user, position, number or None, word_labels(current_user.locale),
                            comments=request.args.get("comments") == "1")
    db.session.commit()
    return send_file(io.BytesIO(result.data), mimetype=result.mimetype, as_attachment=True, download_name=result.filename)


@bp.get("/positions/<int:position_id>/eu-check")
@login_required
def check(position_id: int):
    """The Belgian position beside the EU text (Belgian readers only), EU changes that touch a red line flagged."""
    position = eu_check.belgian_position(db.session, current_user, position_id)
    return render_template("eu/check.html", position=position, check=eu_check.eu_check(db.session, position))


@bp.get("/eu/positions/<int:position_id>/consultation")
@login_required
def consultation(position_id: int):
    """The EU consultation: the member states' answers on the EU version, and the delegate's own answer form."""
    position = eu_text.eu_position(db.session, current_user, position_id)
    current = save(lambda: eu_consultation.current_round(db.session, position))  # silence may record answers
    rounds = eu_consultation.eu_rounds(db.session, position)
    asked = current.consent_of(current_user) if current and current.is_open and current_user.role == "delegate" else None
    mine = asked if asked and consultations.takes_answers(current.consultation) else None
    return render_template("eu/consultation.html", position=position, current=current, rounds=rounds, mine=mine, asked=asked,
                           parties=eu_consultation.parties(rounds))


@bp.post("/eu/positions/<int:position_id>/versions/<int:number>/consent")
@login_required
def consent(position_id: int, number: int):
    """A delegate answers the EU consultation on EU version `number` for their own member state."""
    position = eu_text.eu_position(db.session, current_user, position_id)
    with suppress(Refused):
        save(lambda: eu_consultation.answer(db.session, current_user, position, number, request.form.get("state", ""),
                                            request.form.get("note")),
             _("The answer of %(administration)s on EU version %(number)s is recorded.",
               administration=current_user.administration.code, number=number),
             refusals=(ValidationFailed, Conflict))
    return redirect(url_for("eu.consultation", position_id=position_id))


@bp.post("/eu/positions/<int:position_id>/clauses/<uid>/comments")
@login_required
def post_comment(position_id: int, uid: str):
    """Comment on a clause of the EU draft, or reply in an EU thread (delegates and Belgian commenters)."""
    form = request.form
    kind = form.get("kind", "comment")
    posted = _("Comment posted for %(admin)s.", admin=current_user.administration.code)
    try:
        made = save(lambda: eu_comments.post(
            db.session, current_user, position_id, uid, kind=kind, body=form.get("body", ""), quote=form.get("quote") or None,
            proposed_text=form.get("proposed_text") if kind == "amendment" else None,
            parent_id=form_id(form.get("parent_id"), "parent_id"), fingerprint=submission_fingerprint(form.get("submission")),
        ), posted, refusals=REFUSALS)
    except Refused:
        return _back(position_id, f"#clause-{uid}")
    return _back(position_id, f"#comment-{made.id}")


@bp.post("/eu/positions/<int:position_id>/clauses/<uid>/suggest")
@login_required
def suggest(position_id: int, uid: str):
    """Suggestion mode on the EU draft: the edited clause text becomes amendments for the user's administration."""
    form = request.form
    try:
        made = save(lambda: eu_comments.suggest(
            db.session, current_user, position_id, uid, body=form.get("body", ""),
            base_revision=form_id(form.get("base_revision"), "base_revision"), note=form.get("note", ""),
            fingerprint=submission_fingerprint(form.get("submission")),
        ), lambda found: ngettext("%(num)d amendment suggested for %(admin)s.", "%(num)d amendments suggested for %(admin)s.",
                                  len(found), admin=current_user.administration.code), refusals=REFUSALS)
    except Refused:
        return _back(position_id, f"#clause-{uid}")
    return _back(position_id, f"#comment-{made[0].id}")


@bp.post("/eu/comments/<int:comment_id>/withdraw")
@login_required
def withdraw(comment_id: int):
    """The author withdraws their own open comment on the EU text."""
    comment = eu_comments.readable_comment(db.session, current_user, comment_id)[0]
    position_id = comment.position_id
    with suppress(Refused):
        save(lambda: eu_comments.withdraw(db.session, current_user, comment_id), _("Comment withdrawn."), refusals=REFUSALS)
    return _back(position_id, f"#comment-{comment_id}")


def _back(position_id: int, anchor: str):
    return redirect(url_for("eu.text", position_id=position_id) + anchor)
