"""The agreed-language library: browse and filter, read (with where it was used), add, edit, import, insert."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.extensions import db
from app.i18n import translate
from app.library.forms import (
    LANGUAGE_LABELS,
    STATUS_LABELS,
    EntryForm,
    FromClauseForm,
    InsertForm,
    LibraryConfirmForm,
    LibraryImportForm,
)
from app.web import Refused, save
from exports.imports import uploads
from exports.imports.library_import import PURPOSE, import_library_entries, preview_library_import
from positions import permissions
from positions.errors import ValidationFailed
from positions.numbers import form_id
from positions.services import drafting, library, library_uses
from positions.services.positions import get_position
from workflows.service import workflow_for

bp = Blueprint("library", __name__, template_folder="templates")
PER_PAGE = 50


@bp.app_template_global()
def library_label(entry) -> str:
    """Where an entry's wording comes from, as people cite it, in the reader's language: 'IPBES-11/1, para. 3'."""
    if entry.paragraph:
        return _("%(source)s, para. %(paragraph)s", source=entry.cited_source, paragraph=entry.paragraph)
    return entry.cited_source


def _labels() -> dict:
    return {"statuses": STATUS_LABELS, "languages": LANGUAGE_LABELS}


def picker_target() -> dict | None:
    """The position (and clause) the library was opened from to insert wording, if the reader may edit it."""
    position_id = form_id(request.values.get("position"), "position")
    if position_id is None:
        return None
    position = get_position(db.session, current_user, position_id)
    if not permissions.can_edit(current_user, position):
        return None
    uid = (request.values.get("clause") or "").strip()
    clause = drafting.find_clause(db.session, position, uid) if uid else None
    return {"position": position, "clause": clause}


@bp.get("/library")
@login_required
def entries():
    """The library: every entry the reader may see, filtered by status, tag, language, meeting and words."""
    filters = library.LibraryFilter(**{name: (request.args.get(name) or "").strip()[:library.MAX_FILTER_CHARS]
                                       for name in ("status", "tag", "language", "meeting", "text")})
    page = max(1, form_id(request.args.get("page"), "page") or 1)
    rows, total = library.list_entries(db.session, current_user, filters, page=page, per_page=PER_PAGE)
    return render_template(
        "library/entries.html", rows=rows, total=total, page=page, pages=max(1, -(-total // PER_PAGE)), filters=filters,
        tags=library.all_tags(db.session, current_user), can_manage=permissions.can_manage_library(current_user),
        target=picker_target(), insert_form=InsertForm(), **_labels(),
    )


@bp.get("/library/<int:entry_id>")
@login_required
def entry(entry_id: int):
    """One entry: its wording, source, provenance, and where it was used."""
    found = library.get_entry(db.session, current_user, entry_id)
    origin = None
    if found.origin_position_id is not None:
        origin = get_position(db.session, current_user, found.origin_position_id)
    return render_template(
        "library/entry.html", entry=found, origin=origin, uses=library_uses.used_in(db.session, current_user, found),
        can_manage=permissions.can_manage_library(current_user), target=picker_target(), insert_form=InsertForm(),
        **_labels(),
    )


def _form_page(form: EntryForm, found=None, status: int = 200):
    return render_template("library/entry_form.html", form=form, entry=found), status


@bp.route("/library/new", methods=["GET", "POST"])
@login_required
def new_entry():
    """Add wording by hand (pen-holder, delegation lead)."""
    permissions.require(permissions.can_manage_library(current_user), _("Only the pen-holder and the delegation lead add wording to the library."))
    form = EntryForm(data={"language": "en", "status": "proposed"})
    if request.method == "GET":
        return _form_page(form)
    if not form.validate_on_submit():
        return _form_page(form, status=422)
    try:
        created = save(lambda: library.create_entry(db.session, current_user, **form.fields()), _("Added to the library."))
    except Refused:
        return _form_page(form, status=422)
    return redirect(url_for("library.entry", entry_id=created.id))


@bp.route("/library/<int:entry_id>/edit", methods=["GET", "POST"])
@login_required
def edit_entry(entry_id: int):
    """Change an entry's wording, source, status, tags or notes (its provenance stays)."""
    permissions.require(permissions.can_manage_library(current_user), _("Only the pen-holder and the delegation lead edit the library."))
    found = library.get_entry(db.session, current_user, entry_id)
    form = EntryForm(data={**{name: getattr(found, name) for name in library.FIELDS}, "tags": ", ".join(found.tags or [])})
    if request.method == "GET":
        return _form_page(form, found)
    if not form.validate_on_submit():
        return _form_page(form, found, 422)
    try:
        save(lambda: library.update_entry(db.session, current_user, found, **form.fields()), _("Saved."))
    except Refused:
        return _form_page(form, found, 422)
    return redirect(url_for("library.entry", entry_id=entry_id))


@bp.post("/positions/<int:position_id>/clauses/<uid>/library")
@login_required
def add_from_clause(position_id: int, uid: str):
    """Put an agreed or final clause into the library, with its version and content hash."""
    position = get_position(db.session, current_user, position_id)
    form = FromClauseForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        created, new = save(lambda: library_uses.add_from_clause(db.session, current_user, position, uid, status=form.status.data))
    except Refused:
        return redirect(url_for("positions.position", position_id=position_id) + f"#clause-{uid}")
    flash(_("Added to the library.") if new else _("This clause of this version is already in the library."), "success" if new else "info")
    return redirect(url_for("library.entry", entry_id=created.id))


@bp.post("/library/<int:entry_id>/insert")
@login_required
def insert(entry_id: int):
    """Insert an entry's wording into a position: as a new clause at the end, or into the clause being edited."""
    form = InsertForm()
    if not form.validate_on_submit():
        abort(400)
    position = get_position(db.session, current_user, form_id(form.position.data, "position") or 0)
    uid = (form.clause.data or "").strip()
    try:
        if uid:
            base = form_id(form.base_revision.data, "base_revision")
            save(lambda: library_uses.insert_into_clause(db.session, current_user, position, uid, entry_id, base),
                 _("The wording was added to the clause; it keeps a link to its source."))
        else:
            clause = save(lambda: library_uses.insert_as_clause(db.session, current_user, position, entry_id, kind=form.kind.data),
                          _("The wording was added as a new clause; it keeps a link to its source."))
            uid = clause.uid
    except Refused:
        return redirect(url_for("library.entries", position=position.id, clause=uid or None))
    return redirect(url_for("positions.position", position_id=position.id) + f"#clause-{uid}")


@bp.route("/library/import", methods=["GET", "POST"])
@login_required
def import_upload():
    """Upload an adopted decision whose paragraphs are numbered; its paragraphs are shown before anything is saved."""
    permissions.require(permissions.can_manage_library(current_user), _("Only the pen-holder and the delegation lead add wording to the library."))
    form = LibraryImportForm(data={"language": "en", "status": "adopted_plenary"})
    if request.method == "GET":
        return render_template("library/import.html", form=form)
    if not form.validate_on_submit():
        flash(_("Choose the .docx file to upload."), "danger")
        return render_template("library/import.html", form=form), 422
    data = form.file.data.read()
    try:
        document = preview_library_import(current_user, data)
    except ValidationFailed as error:
        flash(translate(error.message), "danger")
        return render_template("library/import.html", form=form), 422
    token = uploads.keep(db.session, current_user.id, PURPOSE, form.file.data.filename or "", data)
    db.session.commit()
    confirm = LibraryConfirmForm(data={**form.source(), "token": token})
    return render_template("library/import_preview.html", form=confirm, document=document)


@bp.post("/library/import/confirm")
@login_required
def import_confirm():
    """Add one entry per numbered paragraph of the previewed file, with the source given on the preview."""
    permissions.require(permissions.can_manage_library(current_user), _("Only the pen-holder and the delegation lead add wording to the library."))
    form = LibraryConfirmForm()
    token = form.token.data or ""
    if not form.validate_on_submit():
        upload = uploads.load(db.session, token, current_user.id, PURPOSE)
        return render_template("library/import_preview.html", form=form, document=preview_library_import(current_user, upload.data)), 422
    try:
        upload = uploads.claim(db.session, token, current_user.id, PURPOSE)
        added = import_library_entries(db.session, current_user, upload.data, **form.source())
        db.session.commit()
    except ValidationFailed as error:
        db.session.rollback()
        if error.details.get("token"):
            raise
        flash(translate(error.message), "danger")
        upload = uploads.load(db.session, token, current_user.id, PURPOSE)
        return render_template("library/import_preview.html", form=form, document=preview_library_import(current_user, upload.data)), 422
    flash(_("%(count)s entries added to the library from %(file)s.", count=len(added), file=upload.filename or _("the Word file")), "success")
    return redirect(url_for("library.entries", meeting=form.meeting.data or ""))


def clause_library(position) -> dict:
    """What the position page shows of the library per clause: sources, and "Add to library" on agreed text."""
    can_add = permissions.can_manage_library(current_user) and library_uses.agreed_version(db.session, position) is not None
    eu = workflow_for(position).phase_of(position.stage)
    return {
        "sources": library_uses.clause_sources(db.session, position), "can_add": can_add,
        "status": "agreed_eu" if eu is not None and eu.audience == "eu" else "agreed_belgium",
        "from_label": _("from"), "add_label": _("Add to library"), "entry_base": url_for("library.entries") + "/",
    }
