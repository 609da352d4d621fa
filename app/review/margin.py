"""Margin comments: a clause's threads beside it, suggestions made by editing the text, endorsements.

The position page carries, per clause, its open and closed thread counts; the threads themselves come
with the page when the position has few comments, else per clause from `threads` (a page without
JavaScript, a fragment loaded beside the clause with it). Closed threads are one line until opened.
"""

from __future__ import annotations

import contextlib

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from app.extensions import db
from app.review.routes import submission_fingerprint
from app.web import Refused, save
from positions import permissions
from positions.errors import ValidationFailed
from positions.models import Comment
from positions.numbers import form_id
from positions.services import comments, endorsements, suggestions
from positions.services.drafting import draft, find_clause
from positions.services.positions import get_position
from positions.text.quotes import shown_quote

bp = Blueprint("margin", __name__, template_folder="templates")
INLINE_COMMENTS = 300  # up to this many comments, a position page carries its threads; beyond, each clause loads its own


class Margin:
    """What the margin of a clause needs: its threads, their endorsements and the words their quotes show."""

    def __init__(self, views_by_clause: dict, endorsed: dict[int, list[str]], texts: dict[int, str], counts: dict,
                 inline: bool) -> None:
        self.views_by_clause, self.endorsed, self.texts, self.counts, self.inline = views_by_clause, endorsed, texts, counts, inline

    def several_amendments(self, comment) -> bool:
        """Whether the comment's administration has more than one open amendment on its clause ("accept all" then helps)."""
        return sum(v.comment.kind == "amendment" and v.comment.status == "open"
                   and v.comment.administration_id == comment.administration_id
                   for v in self.views_by_clause.get(comment.clause_id, [])) > 1

    def shown(self, view) -> tuple[str, int] | None:
        """The words of a thread's quote as the page shows them, and which occurrence."""
        if view.span is None:
            return None
        return shown_quote(self.texts.get(view.comment.clause_id, ""), view.span)


def page_margin(position, clauses) -> Margin:
    """The margin of every clause of the position page, in a number of queries that does not grow with comments."""
    counts, total = comments.thread_counts(db.session, position)
    texts = {c.clause.id: c.revision.body for c in clauses}
    if total > INLINE_COMMENTS:
        return Margin({}, {}, texts, counts, inline=False)
    views = comments.threads_by_clause(comments.list_comments(db.session, position), texts)
    return Margin(views, endorsements.endorsers_of_position(db.session, position), texts, counts, inline=True)


def _clause_margin(position, clause) -> Margin:
    rows = comments.list_comments(db.session, position, clause_id=clause.id)
    texts = {clause.id: clause.head.body}
    views = comments.threads_by_clause(rows, texts)
    counts = {clause.id: {"open": sum(v.comment.status == "open" for v in views.get(clause.id, [])),
                          "closed": sum(v.comment.status != "open" for v in views.get(clause.id, []))}}
    return Margin(views, endorsements.endorsers(db.session, [c.id for c in rows]), texts, counts, inline=True)


def permissions_of(position) -> dict:
    return {"can_comment": permissions.can_comment(current_user, position),
            "can_resolve": permissions.can_resolve(current_user, position),
            "can_endorse": permissions.can_endorse(current_user, position)}


@bp.get("/positions/<int:position_id>/clauses/<uid>/threads")
@login_required
def threads(position_id: int, uid: str):
    """A clause's comment threads: a page, or (?fragment=1) the margin beside the clause on the position page."""
    position = get_position(db.session, current_user, position_id)
    clause = find_clause(db.session, position, uid)
    numbers = {d.clause.id: d.number for d in draft(db.session, position)} if not request.args.get("fragment") else {}
    context = {"position": position, "clause": clause, "margin": _clause_margin(position, clause),
               "number": numbers.get(clause.id, ""), "open_thread": form_id(request.args.get("open"), "open"),
               "perms": permissions_of(position)}
    template = "review/_margin_fragment.html" if request.args.get("fragment") else "review/threads.html"
    return render_template(template, **context)


@bp.get("/comments/<int:comment_id>")
@login_required
def thread(comment_id: int):
    """One thread, opened: its clause's threads with this one expanded (the link of a collapsed thread)."""
    comment = comments.get_comment(db.session, comment_id)
    position = get_position(db.session, current_user, comment.position_id)
    root = db.session.get(Comment, comment.parent_id) if comment.parent_id else comment
    uid = find_clause_uid(comment.clause_id)
    args = {"fragment": 1} if request.args.get("fragment") else {}
    return redirect(url_for("margin.threads", position_id=position.id, uid=uid, open=root.id, **args) + f"#comment-{root.id}")


def find_clause_uid(clause_id: int) -> str:
    from positions.models import Clause

    return db.session.get(Clause, clause_id).uid


@bp.post("/comments/<int:comment_id>/endorsement")
@login_required
def endorse(comment_id: int):
    """Endorse (or, with withdraw=1, stop endorsing) another administration's amendment or reservation."""
    comment = comments.get_comment(db.session, comment_id)
    position = get_position(db.session, current_user, comment.position_id)
    if request.form.get("withdraw"):
        action, done = endorsements.withdraw_endorsement, _("Endorsement withdrawn for %(admin)s.", admin=current_user.administration.code)
    else:
        action, done = endorsements.endorse, _("Endorsed for %(admin)s.", admin=current_user.administration.code)
    with contextlib.suppress(Refused):
        save(lambda: action(db.session, current_user, position, comment), done)
    return _back_to_clause(position.id, comment.clause_id, comment.id)


def _back_to_clause(position_id: int, clause_id: int, comment_id: int | None = None):
    anchor = f"#comment-{comment_id}" if comment_id else f"#clause-{find_clause_uid(clause_id)}"
    if request.form.get("from") == "threads":
        return redirect(url_for("margin.threads", position_id=position_id, uid=find_clause_uid(clause_id)) + anchor)
    return redirect(url_for("positions.position", position_id=position_id) + anchor)


@bp.route("/positions/<int:position_id>/clauses/<uid>/suggest", methods=["GET", "POST"])
@login_required
def suggest(position_id: int, uid: str):
    """Suggestion mode: edit the clause's text; the differences become amendments for the official's administration."""
    position = get_position(db.session, current_user, position_id)
    if not permissions.can_comment(current_user, position):
        abort(403)
    clause = find_clause(db.session, position, uid)
    error, body, note = None, clause.head.body, ""
    if request.method == "POST":
        body, note = request.form.get("body", ""), request.form.get("note", "")
        base = form_id(request.form.get("base_revision"), "base_revision")
        try:
            made = save(lambda: suggestions.suggest(db.session, current_user, position, uid, body=body, base_revision=base,
                                                    note=note, fingerprint=submission_fingerprint(request.form.get("submission"))),
                        lambda found: ngettext("%(num)d amendment suggested for %(admin)s.",
                                               "%(num)d amendments suggested for %(admin)s.", len(found),
                                               admin=current_user.administration.code), refusals=(ValidationFailed,), say_refusal=False)
        except Refused as refused:
            error = refused.error
        else:
            return redirect(url_for("positions.position", position_id=position_id) + f"#comment-{made[0].id}")
    template = "review/_suggest_form.html" if request.args.get("fragment") else "review/suggest.html"
    return render_template(template, position=position, clause=clause, body=body, note=note, error=error), 422 if error else 200


@bp.post("/positions/<int:position_id>/clauses/<uid>/amendments/decide")
@login_required
def decide_all(position_id: int, uid: str):
    """Accept or reject all open amendments of one administration on a clause (pen-holder)."""
    position = get_position(db.session, current_user, position_id)
    status, code = request.form.get("status", ""), request.form.get("administration", "")
    with contextlib.suppress(Refused):
        save(lambda: suggestions.decide_all(db.session, current_user, position, uid, code, status),
             lambda n: (ngettext("%(num)d amendment of %(admin)s accepted.", "%(num)d amendments of %(admin)s accepted.", n,
                                 admin=code.upper()) if status == "accepted" else
                        ngettext("%(num)d amendment of %(admin)s rejected.", "%(num)d amendments of %(admin)s rejected.", n,
                                 admin=code.upper())))
    return redirect(url_for("positions.position", position_id=position_id) + f"#clause-{uid}")
