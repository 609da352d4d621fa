"""Word pages: export a version or the draft, import a file as a new position, import a reviewed file."""

from __future__ import annotations

import io

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from werkzeug.exceptions import RequestEntityTooLarge

from app.extensions import db
from app.i18n import translate
from app.word.export_texts import import_languages, word_labels
from app.word.forms import ImportPositionForm, TokenForm, UploadForm
from exports import formats
from exports.documents import export_position, parse_options
from exports.imports import uploads
from exports.imports.new_position import WordFileRejected, import_new_position, preview_new_position
from exports.imports.reviewed import apply_reviewed, plan_reviewed
from positions import permissions
from positions.errors import ValidationFailed
from positions.kinds import clause_numbers
from positions.models import Administration
from positions.services import versions
from positions.services.positions import get_position

bp = Blueprint("word", __name__, template_folder="templates")
NEW = "new"


def _reviewed(position_id: int) -> str:
    return f"reviewed:{position_id}"


@bp.app_template_global()
def word_menu(position) -> dict[str, bool]:
    """What the Word menu of a position page offers to the current user."""
    return {
        "import_reviewed": permissions.can_import_reviewed(current_user, position),
        "import_new": permissions.can_create_position(current_user),
    }


@bp.errorhandler(RequestEntityTooLarge)
def too_large(error):
    """Say plainly that the upload is over the limit."""
    limit = (current_app.config.get("MAX_CONTENT_LENGTH") or 0) // 2**20
    message = _("The file is larger than the %(limit)s MB limit. Nothing was imported.", limit=limit)
    return render_template("error.html", status=413, title=_("File too large"), message=message), 413


@bp.get("/positions/<int:position_id>/word")
@login_required
def page(position_id: int):
    """Export options, and the reviewed-file upload for officials of consulted administrations."""
    position = get_position(db.session, current_user, position_id)
    return _page(position)


def _page(position, status: int = 200, form: UploadForm | None = None):
    return render_template(
        "word/word_export.html", position=position, versions=versions.list_versions(db.session, position),
        form=form or UploadForm(), can_import=permissions.can_import_reviewed(current_user, position),
        formats=formats.formats(), layouts=formats.layouts(), chosen=request.args,
    ), status


@bp.get("/positions/<int:position_id>/word/export")
@login_required
def export(position_id: int):
    """Download a version or the draft as .docx, or the comments table as CSV."""
    position = get_position(db.session, current_user, position_id)
    try:
        result = export_position(db.session, current_user, position, parse_options(request.args), word_labels(current_user.locale))
    except ValidationFailed as error:
        db.session.rollback()
        flash(translate(error.message), "danger")
        return _page(position, 422)
    db.session.commit()
    return send_file(io.BytesIO(result.data), mimetype=result.mimetype, as_attachment=True, download_name=result.filename)


@bp.post("/positions/<int:position_id>/word/reviewed")
@login_required
def reviewed_upload(position_id: int):
    """Preview what a reviewed file would add for the uploader's administration."""
    position = get_position(db.session, current_user, position_id)
    permissions.require(permissions.can_import_reviewed(current_user, position),
                        _("Only an official of a consulted administration can import a reviewed file."))
    form = UploadForm()
    if not form.validate_on_submit():
        flash(_("Choose the reviewed .docx file to upload."), "danger")
        return _page(position, 422, form)
    upload = form.file.data
    data = upload.read()
    try:
        plan = plan_reviewed(db.session, current_user, position, data, import_languages())
    except WordFileRejected as error:
        flash(translate(error.message), "danger")
        return _page(position, 422, form)
    token = uploads.keep(db.session, current_user.id, _reviewed(position_id), upload.filename or "", data)
    db.session.commit()
    return render_template("word/word_reviewed_preview.html", position=position, plan=plan,
                           form=TokenForm(data={"token": token}), filename=upload.filename)


@bp.post("/positions/<int:position_id>/word/reviewed/confirm")
@login_required
def reviewed_confirm(position_id: int):
    """Create the previewed comments and amendments; importing the same file again adds nothing."""
    position = get_position(db.session, current_user, position_id)
    form = TokenForm()
    upload = uploads.claim(db.session, form.token.data, current_user.id, _reviewed(position_id))
    outcome = apply_reviewed(db.session, current_user, position, upload.data, filename=upload.filename,
                             languages=import_languages())
    db.session.commit()
    plan = outcome.plan
    amendments = sum(1 for c in outcome.created if c.kind == "amendment")
    flash(_("Imported for %(admin)s: %(comments)s comment(s) and %(amendments)s amendment(s). "
            "Already there: %(dup)s. Not matched to a clause: %(unmatched)s.",
            admin=plan.administration, comments=len(outcome.created) - amendments, amendments=amendments,
            dup=plan.count("duplicate") + plan.count("exported"), unmatched=len(plan.unmatched)), "success")
    return redirect(url_for("positions.position", position_id=position_id))


@bp.post("/positions/<int:position_id>/word/reviewed/cancel")
@login_required
def reviewed_cancel(position_id: int):
    """Forget a previewed file: only one's own upload for this position."""
    get_position(db.session, current_user, position_id)
    token = TokenForm().token.data or ""
    try:
        uploads.load(db.session, token, current_user.id, _reviewed(position_id))
    except ValidationFailed:
        token = ""  # someone else's upload, or already gone: nothing of this user's to forget
    uploads.discard(db.session, token, current_user.id)
    db.session.commit()
    flash(_("Nothing was imported."), "info")
    return redirect(url_for("word.page", position_id=position_id))


def _import_form(**kwargs) -> ImportPositionForm:
    form = ImportPositionForm(**kwargs)
    administrations = db.session.scalars(select(Administration).where(Administration.active).order_by(Administration.code))
    form.consulted.choices = [(a.code, f"{a.code} — {a.name}") for a in administrations]
    return form


def _preview_page(form: ImportPositionForm, preview, status: int = 200):
    numbers = clause_numbers([c.kind for c in preview.clauses])
    return render_template("word/word_import_preview.html", form=form, preview=preview,
                           rows=list(zip(numbers, preview.clauses, strict=True))), status


@bp.route("/positions/import", methods=["GET", "POST"])
@login_required
def import_upload():
    """Upload a .docx to become a new position (pen-holder); shows a preview before saving."""
    permissions.require(permissions.can_create_position(current_user), _("Only the pen-holder can import a new position."))
    form = UploadForm()
    if request.method == "GET" or not form.validate_on_submit():
        if request.method == "POST":
            flash(_("Choose the .docx file to upload."), "danger")
        return render_template("word/word_import.html", form=form), 200 if request.method == "GET" else 422
    upload = form.file.data
    data = upload.read()
    try:
        preview = preview_new_position(data, import_languages())
    except ValidationFailed as error:
        flash(translate(error.message), "danger")
        return render_template("word/word_import.html", form=form), 422
    token = uploads.keep(db.session, current_user.id, NEW, upload.filename or "", data)
    db.session.commit()
    form = _import_form(data={"token": token, "title": preview.title, **preview.fields})
    return _preview_page(form, preview)


@bp.post("/positions/import/confirm")
@login_required
def import_confirm():
    """Create the previewed position with the details entered on the preview."""
    permissions.require(permissions.can_create_position(current_user), _("Only the pen-holder can import a new position."))
    form = _import_form()
    token = form.token.data or ""
    if not form.validate_on_submit():
        upload = uploads.load(db.session, token, current_user.id, NEW)
        return _preview_page(form, preview_new_position(upload.data, import_languages()), 422)
    try:
        upload = uploads.claim(db.session, token, current_user.id, NEW)
        position = import_new_position(
            db.session, current_user, upload.data, title=form.title.data, meeting=form.meeting.data,
            agenda_item=form.agenda_item.data, document_symbol=form.document_symbol.data or "",
            consulted=form.consulted.data, confidentiality=form.confidentiality.data,
            workflow_key=form.workflow.data, objective=form.objective.data or "", filename=upload.filename,
            languages=import_languages(),
        )
        db.session.commit()
    except ValidationFailed as error:
        db.session.rollback()
        if error.details.get("token"):
            raise
        flash(translate(error.message), "danger")
        upload = uploads.load(db.session, token, current_user.id, NEW)
        return _preview_page(form, preview_new_position(upload.data, import_languages()), 422)
    flash(_("Position created from %(file)s.", file=upload.filename or _("the Word file")), "success")
    return redirect(url_for("positions.position", position_id=position.id))
