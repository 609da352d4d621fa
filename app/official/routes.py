"""Official-document pages: the list and import, a document read-only, a revision's changes; per position the
links and coverage, and the plenary tracker."""

from __future__ import annotations

import contextlib
import io

from flask import flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.extensions import db
from app.labels import KIND_LABELS
from app.official import comments as comments_page  # its routes register on the same blueprint
from app.official.blueprint import bp
from app.official.forms import OUTCOME_LABELS, LinkForm, OfficialConfirmForm, OfficialImportForm, OutcomeForm, PlainForm
from app.web import Refused, save
from exports.imports import uploads
from exports.imports.official import import_official, preview_official
from exports.plenary_debrief import render_debrief
from positions import permissions
from positions.errors import NotFound
from positions.services import drafting, official_documents, official_links, plenary
from positions.services.positions import get_position

__all__ = ["bp", "comments_page"]
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PURPOSE = "official"  # the kept upload's purpose between the preview and the confirmation


@bp.app_template_global()
def official_links_of(position) -> dict:
    """The position page's partial: clause id → its links to official paragraphs (empty when none)."""
    return official_links.clause_links(db.session, current_user, position)


def _revision_choices(documents) -> list[tuple[str, str]]:
    return [("", _("— none: a first document —"))] + [(str(d.id), f"{d.label} — {d.title}") for d in documents]


@bp.route("/official-documents", methods=["GET", "POST"])
@login_required
def documents():
    """Every official document; the pen-holder uploads one (or a revision of one) here and sees it before it is saved."""
    listed = official_documents.list_documents(db.session, current_user)
    form = OfficialImportForm()
    form.revision_of.choices = _revision_choices(listed)
    if request.method == "POST":
        permissions.require(permissions.can_manage_official(current_user))
        if form.validate_on_submit():
            upload = form.file.data
            data = upload.read()
            try:
                preview, token = save(lambda: (preview_official(db.session, current_user, data, _revision_of(form.revision_of.data)),
                                               uploads.keep(db.session, current_user.id, PURPOSE, upload.filename or "", data)))
            except Refused:
                return render_template("official/documents.html", documents=listed, form=form), 422
            confirm = OfficialConfirmForm(data={"token": token, "symbol": form.symbol.data, "title": form.title.data,
                                                "meeting": form.meeting.data or "", "issued_on": form.issued_on.data,
                                                "revision_of": form.revision_of.data or ""})
            return render_template("official/import_preview.html", form=confirm, preview=preview, filename=upload.filename or "")
        return render_template("official/documents.html", documents=listed, form=form), 422
    return render_template("official/documents.html", documents=listed, form=form)


def _revision_of(value: str | None) -> int | None:
    return int(value) if (value or "").isdigit() else None


@bp.post("/official-documents/confirm")
@login_required
def import_confirm():
    """Store the previewed file with the details shown on the preview."""
    permissions.require(permissions.can_manage_official(current_user))
    form = OfficialConfirmForm()
    if not form.validate_on_submit():
        flash(_("The preview has expired or was changed; upload the file again."), "danger")
        return redirect(url_for("official.documents") + "#import")

    def store():
        upload = uploads.claim(db.session, form.token.data or "", current_user.id, PURPOSE)
        return import_official(
            db.session, current_user, upload.data, filename=upload.filename, symbol=form.symbol.data, title=form.title.data,
            meeting=form.meeting.data or "", issued_on=form.issued_on.data, revision_of=_revision_of(form.revision_of.data),
        )

    try:
        imported = save(store, _imported)
    except Refused as refused:
        if refused.error.details.get("token"):  # expired, used or someone else's: start again
            return redirect(url_for("official.documents") + "#import")
        upload = uploads.load(db.session, form.token.data, current_user.id, PURPOSE)  # back after the rollback
        preview = preview_official(db.session, current_user, upload.data, _revision_of(form.revision_of.data))
        return render_template("official/import_preview.html", form=form, preview=preview, filename=upload.filename), 422
    return redirect(url_for("official.document", document_id=imported.document.id))


@bp.post("/official-documents/cancel")
@login_required
def import_cancel():
    """Forget a previewed file (only one's own): nothing is imported."""
    permissions.require(permissions.can_manage_official(current_user))
    form = OfficialConfirmForm()
    uploads.discard(db.session, form.token.data or "", current_user.id)
    db.session.commit()
    flash(_("Nothing was imported."), "info")
    return redirect(url_for("official.documents"))


def _imported(imported) -> str:
    numbered = sum(1 for p in imported.document.paragraphs if p.number)
    text = _("%(symbol)s imported: %(count)s numbered paragraphs.", symbol=imported.document.label, count=numbered)
    if imported.flagged:
        text += " " + _("%(count)s links to changed or removed paragraphs are flagged “official text changed — review”.",
                        count=imported.flagged)
    return text


@bp.get("/official-documents/<int:document_id>")
@login_required
def document(document_id: int):
    """The document as imported, read-only: numbers, headings, text; what could not be numbered."""
    shown = official_documents.get_document(db.session, current_user, document_id)
    return render_template("official/document.html", document=shown)


@bp.get("/official-documents/<int:document_id>/changes")
@login_required
def changes(document_id: int):
    """A revision compared with the document it revises, paragraph by paragraph, words marked."""
    shown = official_documents.get_document(db.session, current_user, document_id)
    if shown.revision_of_id is None:
        raise NotFound(_("This document does not revise another one."))
    old, new, compared = official_documents.compare_documents(db.session, current_user, shown.revision_of_id, shown.id)
    return render_template("official/changes.html", old=old, new=new, changes=compared)


def _chosen_document(documents):
    wanted = request.args.get("document", "")
    chosen = next((d for d in documents if str(d.id) == wanted), None)
    return chosen or (documents[0] if documents else None)


@bp.get("/positions/<int:position_id>/official")
@login_required
def coverage(position_id: int):
    """Per official paragraph, the position's clauses linked to it: the gaps, the flags; the pen-holder links here."""
    position = get_position(db.session, current_user, position_id)
    listed = official_documents.list_documents(db.session, current_user)
    chosen = _chosen_document(listed)
    rows, form = [], LinkForm()
    if chosen is not None:
        chosen, rows = official_links.coverage(db.session, current_user, position, chosen.id)
        form.paragraph.choices = [(r.paragraph.number, f"{r.paragraph.number} — {r.paragraph.text[:80]}") for r in rows if r.paragraph.number]
        form.clause.choices = [(c.uid, f"{c.number or '·'} {c.revision.heading or c.revision.body[:80]}")
                               for c in drafting.draft(db.session, position)]
        if request.args.get("paragraph"):
            form.paragraph.data = request.args["paragraph"]
        if request.args.get("clause"):
            form.clause.data = request.args["clause"]
    return render_template("official/coverage.html", position=position, documents=listed, chosen=chosen, rows=rows, form=form,
                           plain=PlainForm(), can_link=permissions.can_edit(current_user, position))


def _back(position_id: int, document_id: int | str | None):
    return redirect(url_for("official.coverage", position_id=position_id, document=document_id))


@bp.post("/positions/<int:position_id>/official/<int:document_id>/links")
@login_required
def add_link(position_id: int, document_id: int):
    """Link a clause to a paragraph (the pen-holder)."""
    position = get_position(db.session, current_user, position_id)
    form = LinkForm()
    if form.validate_on_submit():
        with contextlib.suppress(Refused):
            save(lambda: official_links.link_clause(db.session, current_user, position, form.clause.data or "", document_id,
                                                    form.paragraph.data or ""), _("Linked."))
    return _back(position_id, document_id)


@bp.post("/positions/<int:position_id>/official/<int:document_id>/links/<uid>/<int:link_id>/delete")
@login_required
def remove_link(position_id: int, document_id: int, uid: str, link_id: int):
    """Remove a link (the pen-holder)."""
    position = get_position(db.session, current_user, position_id)
    if PlainForm().validate_on_submit():
        save(lambda: official_links.unlink_clause(db.session, current_user, position, uid, link_id), _("Link removed."))
    return _back(position_id, document_id)


@bp.post("/positions/<int:position_id>/official/<int:document_id>/reviewed/<uid>")
@login_required
def reviewed(position_id: int, document_id: int, uid: str):
    """The pen-holder reviewed the clause against the new official text: the flag goes."""
    position = get_position(db.session, current_user, position_id)
    if PlainForm().validate_on_submit():
        save(lambda: official_links.clear_flag(db.session, current_user, position, uid), _("Marked as reviewed."))
    return _back(position_id, document_id)


@bp.get("/positions/<int:position_id>/plenary")
@login_required
def tracker(position_id: int):
    """The plenary tracker: per paragraph the Belgian lines and what the room did (made for a tablet)."""
    position = get_position(db.session, current_user, position_id)
    listed = official_documents.list_documents(db.session, current_user)
    chosen, rows = _chosen_document(listed), []
    if chosen is not None:
        chosen, rows = plenary.tracker(db.session, current_user, position, chosen.id)
    return render_template("official/tracker.html", position=position, documents=listed, chosen=chosen,
                           rows=[r for r in rows if r.covered.paragraph.number], labels=OUTCOME_LABELS, form=OutcomeForm(),
                           can_record=permissions.can_track_plenary(current_user, position))


@bp.post("/positions/<int:position_id>/plenary/<int:document_id>/<int:paragraph_id>")
@login_required
def record(position_id: int, document_id: int, paragraph_id: int):
    """Record one paragraph's outcome (the pen-holder or the lead)."""
    position = get_position(db.session, current_user, position_id)
    document = official_documents.get_document(db.session, current_user, document_id)
    paragraph = next((p for p in document.paragraphs if p.id == paragraph_id and p.number), None)
    if paragraph is None:
        raise NotFound(_("There is no such paragraph."))
    form = OutcomeForm()
    if form.validate_on_submit():
        with contextlib.suppress(Refused):
            save(lambda: plenary.record_outcome(db.session, current_user, position, document_id, paragraph.number,
                                                outcome=form.outcome.data, chair_text=form.chair_text.data, note=form.note.data),
                 _("Recorded for paragraph %(number)s.", number=paragraph.number))
    return redirect(url_for("official.tracker", position_id=position_id, document=document_id) + f"#p{paragraph_id}")


@bp.get("/positions/<int:position_id>/plenary/debrief.docx")
@login_required
def debrief(position_id: int):
    """The debrief report (Word) of the chosen document's tracker."""
    position = get_position(db.session, current_user, position_id)
    listed = official_documents.list_documents(db.session, current_user)
    chosen = _chosen_document(listed)
    if chosen is None:
        raise NotFound(_("No official documents yet."))
    data = debrief_docx(position, chosen.id, current_user)
    return send_file(io.BytesIO(data), mimetype=DOCX, as_attachment=True, download_name=f"debrief-{chosen.label.replace('/', '_')}.docx")


def debrief_docx(position, document_id: int, actor) -> bytes:
    """The debrief in the reader's language (shared by the page and the API)."""
    document, rows = plenary.tracker(db.session, actor, position, document_id)
    return render_debrief(position, document, rows, translate=gettext, kind_label=lambda kind: str(KIND_LABELS.get(kind, kind)))
