"""Government comments on official documents: administrations comment per paragraph (page, line), the pen-holder
adopts them, edited as needed, into the one Belgian set the Secretariat receives."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from positions import audit
from positions.errors import NotFound, ValidationFailed
from positions.hidden_characters import refuse_hidden_characters
from positions.messages import Msg
from positions.models import OfficialComment, OfficialParagraph, User
from positions.permissions import can_comment_official, can_manage_official, require
from positions.services.official_documents import find_paragraph, get_document

MAX_CHARS = 20_000


def _fields(page: int | str | None, line: str | None, comment: str | None, proposed_text: str | None) -> dict:
    if page in ("", None):
        page = None
    else:
        try:
            page = int(page)
        except (TypeError, ValueError):
            page = -1
        if not 0 < page < 100_000:
            raise ValidationFailed(Msg("The page is a number from 1."), {"page": "invalid"})
    line, comment, proposed_text = (line or "").strip()[:20], (comment or "").strip(), (proposed_text or "").strip()
    if not comment and not proposed_text:
        raise ValidationFailed(Msg("Write a comment or a proposed text."), {"comment": "required"})
    if len(comment) > MAX_CHARS or len(proposed_text) > MAX_CHARS:
        raise ValidationFailed(Msg("A text may hold at most %(limit)s characters.", limit=MAX_CHARS), {"comment": "too long"})
    for name, value in (("line", line), ("comment", comment), ("proposed_text", proposed_text)):
        refuse_hidden_characters(value, name)
    return {"page": page, "line": line, "comment": comment, "proposed_text": proposed_text}


def post_comment(session: Session, actor: User, document_id: int, number: str, *, page=None, line=None, comment=None,
                 proposed_text=None) -> OfficialComment:
    """An official (or the pen-holder, or the lead) comments for their own administration on one paragraph."""
    require(can_comment_official(actor), Msg("Your role cannot comment on official documents."))
    document = get_document(session, actor, document_id)
    paragraph = find_paragraph(document, number)
    row = OfficialComment(document_id=document.id, paragraph_id=paragraph.id, administration_id=actor.administration_id,
                          author_id=actor.id, **_fields(page, line, comment, proposed_text))
    session.add(row)
    session.flush()
    audit.record(session, actor, "official.commented", row, data={"document": document.label, "paragraph": paragraph.number})
    return row


def adopt(session: Session, actor: User, comment_id: int, *, comment: str | None = None, proposed_text: str | None = None) -> OfficialComment:
    """The pen-holder takes an administration's comment into the Belgian set (its wording may be edited)."""
    require(can_manage_official(actor), Msg("Only the pen-holder merges the Belgian comments."))
    source = session.get(OfficialComment, comment_id)
    if source is None or source.belgian:
        raise NotFound(Msg("There is no administration comment %(id)s.", id=comment_id), {"comment": comment_id})
    row = OfficialComment(
        document_id=source.document_id, paragraph_id=source.paragraph_id, administration_id=actor.administration_id,
        author_id=actor.id, belgian=True, source_id=source.id,
        **_fields(source.page, source.line, source.comment if comment is None else comment,
                  source.proposed_text if proposed_text is None else proposed_text),
    )
    session.add(row)
    session.flush()
    audit.record(session, actor, "official.adopted", row, data={"source": source.id})
    return row


def drop(session: Session, actor: User, comment_id: int) -> None:
    """The pen-holder removes an entry from the Belgian set (the administration's comment stays)."""
    require(can_manage_official(actor), Msg("Only the pen-holder merges the Belgian comments."))
    row = session.get(OfficialComment, comment_id)
    if row is None or not row.belgian:
        raise NotFound(Msg("There is no Belgian comment %(id)s.", id=comment_id), {"comment": comment_id})
    session.delete(row)
    session.flush()
    audit.record(session, actor, "official.dropped", ("official_comment", comment_id))


def comments(session: Session, actor: User, document_id: int, *, belgian: bool) -> list[OfficialComment]:
    """The administrations' comments (belgian=False) or the Belgian set, in paragraph order, then page and line."""
    document = get_document(session, actor, document_id)
    return list(session.scalars(
        select(OfficialComment).join(OfficialParagraph, OfficialParagraph.id == OfficialComment.paragraph_id)
        .where(OfficialComment.document_id == document.id, OfficialComment.belgian.is_(belgian))
        .options(joinedload(OfficialComment.paragraph), joinedload(OfficialComment.administration))
        .order_by(OfficialParagraph.seq, OfficialComment.page, OfficialComment.line, OfficialComment.id)
    ))
