"""The government-comments page of an official document: administrations comment, the pen-holder merges and exports."""

from __future__ import annotations

import io

from flask import redirect, render_template, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.extensions import db
from app.official.blueprint import bp
from app.official.forms import GovernmentCommentForm, PlainForm
from app.web import Refused, save
from exports.official_comments import XLSX_MEDIA_TYPE, comments_csv, comments_docx, comments_xlsx
from positions import permissions
from positions.services import official_comments, official_documents

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _columns() -> list[str]:
    return [_("Paragraph"), _("Page"), _("Line"), _("Comment"), _("Proposed text")]


def _page(document_id: int, form: GovernmentCommentForm | None = None, status: int = 200):
    document = official_documents.get_document(db.session, current_user, document_id)
    form = form or GovernmentCommentForm()
    form.paragraph.choices = [(p.number, f"{p.number} — {p.text[:70]}") for p in document.paragraphs if p.number]
    return render_template(
        "official/comments.html", document=document, form=form, plain=PlainForm(),
        administrations=official_comments.comments(db.session, current_user, document_id, belgian=False),
        belgian=official_comments.comments(db.session, current_user, document_id, belgian=True),
        can_comment=permissions.can_comment_official(current_user), can_merge=permissions.can_manage_official(current_user),
    ), status


@bp.get("/official-documents/<int:document_id>/comments")
@login_required
def comments(document_id: int):
    """Administrations' comments per paragraph and the Belgian set."""
    return _page(document_id)


@bp.post("/official-documents/<int:document_id>/comments")
@login_required
def post_comment(document_id: int):
    """Comment for one's administration."""
    form = GovernmentCommentForm()
    permissions.require(permissions.can_comment_official(current_user))
    if form.validate_on_submit():
        try:
            save(lambda: official_comments.post_comment(
                db.session, current_user, document_id, form.paragraph.data or "", page=form.page.data, line=form.line.data,
                comment=form.comment.data, proposed_text=form.proposed_text.data), _("Comment saved."))
            return redirect(url_for("official.comments", document_id=document_id))
        except Refused:
            pass
    return _page(document_id, form, 422)


@bp.post("/official-documents/<int:document_id>/comments/<int:comment_id>/adopt")
@login_required
def adopt(document_id: int, comment_id: int):
    """Take an administration's comment into the Belgian set (the pen-holder)."""
    if PlainForm().validate_on_submit():
        save(lambda: official_comments.adopt(db.session, current_user, comment_id), _("Added to the Belgian comments."))
    return redirect(url_for("official.comments", document_id=document_id) + "#belgian")


@bp.post("/official-documents/<int:document_id>/comments/<int:comment_id>/drop")
@login_required
def drop(document_id: int, comment_id: int):
    """Remove an entry from the Belgian set (the pen-holder)."""
    if PlainForm().validate_on_submit():
        save(lambda: official_comments.drop(db.session, current_user, comment_id), _("Removed from the Belgian comments."))
    return redirect(url_for("official.comments", document_id=document_id) + "#belgian")


@bp.get("/official-documents/<int:document_id>/comments-BE.<any(csv, docx, xlsx):kind>")
@login_required
def export(document_id: int, kind: str):
    """The Belgian set as the Secretariat's table: Word, CSV or Excel."""
    document = official_documents.get_document(db.session, current_user, document_id)
    rows = official_comments.comments(db.session, current_user, document_id, belgian=True)
    name = "".join(ch if ch.isalnum() or ch in ".-" else "_" for ch in document.label)[:80]
    if kind == "csv":
        data, mimetype = comments_csv(rows, _columns()), "text/csv"
    elif kind == "xlsx":
        data, mimetype = comments_xlsx(document, rows, _columns()), XLSX_MEDIA_TYPE
    else:
        data, mimetype = comments_docx(document, rows, _("Comments of Belgium"), _columns()), DOCX
    return send_file(io.BytesIO(data), mimetype=mimetype, as_attachment=True, download_name=f"{name}-comments-BE.{kind}")


