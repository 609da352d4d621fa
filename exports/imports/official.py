"""Import an official document (.docx or text-based .pdf): read its paragraphs, number them, store the revision."""

from __future__ import annotations

import hashlib
from datetime import date

from sqlalchemy.orm import Session

from exports.imports.new_position import guarded
from exports.imports.official_docx import read_docx_paragraphs
from exports.imports.official_pdf import read_pdf_paragraphs
from exports.imports.safe_docx import MAX_BYTES, DocxImportError, _mb
from positions.messages import Msg
from positions.models import User
from positions.official.numbering import Numbered, number_paragraphs
from positions.permissions import can_manage_official, require
from positions.services.official_documents import Imported, Preview, import_document, preview_document


def _read(data: bytes) -> Numbered:
    data = bytes(data)
    if len(data) > MAX_BYTES:
        raise DocxImportError(Msg("The file is too large (%(size)s); the limit is %(limit)s.", size=_mb(len(data)), limit=_mb(MAX_BYTES)),
                              "too_large")
    read = read_pdf_paragraphs(data) if data.lstrip()[:5] == b"%PDF-" else read_docx_paragraphs(data)
    return number_paragraphs(read)


def read_official(data: bytes) -> Numbered:
    """The numbered paragraphs of an uploaded file; WordFileRejected (with a message for the user) when unreadable."""
    return guarded(_read, data)


def import_official(session: Session, actor: User, data: bytes, *, filename: str = "", symbol: str, title: str,
                    meeting: str = "", revision: str = "", issued_on: date | None = None, revision_of: int | None = None) -> Imported:
    """Read the file and store it as an official document (the pen-holder; a revision is compared and flags links)."""
    require(can_manage_official(actor), Msg("Only the pen-holder imports official documents."))
    numbered = read_official(data)
    return import_document(session, actor, numbered, symbol=symbol, title=title, meeting=meeting, revision=revision,
                           issued_on=issued_on, revision_of=revision_of, filename=filename, sha256=hashlib.sha256(data).hexdigest())


def preview_official(session: Session, actor: User, data: bytes, revision_of: int | None = None) -> Preview:
    """Read the file and say what an import would store (nothing is saved): the web shows it before confirming."""
    require(can_manage_official(actor), Msg("Only the pen-holder imports official documents."))
    return preview_document(session, actor, read_official(data), revision_of)
