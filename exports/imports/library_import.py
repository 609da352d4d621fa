"""Bulk import into the agreed-language library: a decision's numbered paragraphs, previewed, then one entry each."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from exports.imports.library_reader import NumberedDocument, parse_numbered_paragraphs
from exports.imports.new_position import guarded
from positions.errors import ValidationFailed
from positions.messages import Msg
from positions.models import LibraryEntry, User
from positions.permissions import can_manage_library, require
from positions.services.library import check_fields, create_entry

PURPOSE = "library"  # the pending upload's purpose (exports.imports.uploads)


def preview_library_import(actor: User, data: bytes) -> NumberedDocument:
    """What a decision file would add to the library: its numbered paragraphs and the reader's warnings."""
    require(can_manage_library(actor), Msg("Only the pen-holder and the delegation lead add wording to the library."))
    return guarded(parse_numbered_paragraphs, data)


def import_library_entries(session: Session, actor: User, data: bytes, **source: Any) -> list[LibraryEntry]:
    """Add one entry per numbered paragraph, each with the source given (meeting, symbol, date, status, language, tags)."""
    document = preview_library_import(actor, data)
    if not document.paragraphs:
        raise ValidationFailed(document.warnings[-1], {"file": "no numbered paragraphs"})
    check_fields({"text": "-", **source})  # every wrong source field named once, before anything is written
    return [create_entry(session, actor, **source, text=p.text, paragraph=p.number) for p in document.paragraphs if p.text]
