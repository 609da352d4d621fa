"""Suggestion mode and endorsements through the API: edit a clause's text into amendments; support another administration's."""

from __future__ import annotations

from flask import g
from pydantic import Field

from app.api.base import bp
from app.api.openapi import documented
from app.api.parsing import Body, Id, examples, one_of, parse
from app.api.review import CommentOut, comment_fields, is_delegate
from app.api.shapes import Out, respond
from app.extensions import db
from positions.models.comment import COMMENT_AUDIENCES
from positions.services import comments, endorsements, suggestions, tasks
from positions.services.positions import get_position
from workflows import eu_comments


class SuggestionCreate(Body):
    model_config = examples({"body": "Belgium strongly supports the timely scoping.", "base_revision": 12, "note": "Sharper."})

    body: str = Field(max_length=100_000, description="The whole clause text as the official would like it (Markdown).")
    base_revision: Id = Field(description="The clause revision the edit was made on (its current one).")
    note: str | None = Field(default=None, max_length=20_000, description="Why; added to each amendment.")
    audience: str | None = one_of(COMMENT_AUDIENCES, None, nullable=True,
                                  description="eu: amendments to the EU text, while the EU phase runs (a delegate's always are).")


class SuggestionsOut(Out):
    amendments: list[CommentOut] = Field(description="One amendment per contiguous changed span, in the order of the text.")


class DecideAll(Body):
    model_config = examples({"administration": "VL-OMG", "status": "accepted"},
                            {"administration": "SPW-ARNE", "status": "rejected", "clause": "c-3f9a2b"})

    administration: str = Field(min_length=1, max_length=40, description="The code of the administration, e.g. 'VL-OMG'.")
    status: str = one_of(("accepted", "rejected"))
    clause: str | None = Field(default=None, max_length=100, description="Only the amendments on this clause (its uid).")


class DecidedAll(Out):
    administration: str
    status: str
    decided: int = Field(description="How many open amendments were accepted or rejected (0: none were open).")
    open_left: int = Field(description="Open amendments of other administrations still waiting on the position.")


class EndorsementsOut(Out):
    comment: int
    endorsements: list[str] = Field(description="Codes of the administrations endorsing the comment.")


@bp.post("/positions/<int:position_id>/clauses/<uid>/suggestions")
@documented("Review", {201: SuggestionsOut}, body=SuggestionCreate, errors=(403, 404, 409, 422))
def suggest(position_id: int, uid: str):
    """Suggestion mode: the caller's edited clause text becomes word-level amendments for their administration."""
    if not is_delegate():
        position = get_position(db.session, g.user, position_id)
    body = parse(SuggestionCreate)
    fields = {"body": body.body, "base_revision": body.base_revision, "note": body.note}
    if is_delegate() or body.audience == "eu":
        made = eu_comments.suggest(db.session, g.user, position_id, uid, **fields)
    else:
        made = suggestions.suggest(db.session, g.user, position, uid, audience=body.audience or "belgian", **fields)
    answer = SuggestionsOut(amendments=[CommentOut(**comment_fields(c, {c.clause_id: uid})) for c in made])
    db.session.commit()
    return respond(answer, 201)


@bp.post("/positions/<int:position_id>/amendments/decide-all")
@documented("Review", {200: DecidedAll}, body=DecideAll, errors=(403, 404, 409, 422))
def decide_all(position_id: int):
    """Accept or reject every open amendment of one administration (pen-holder), on the whole position or one clause;
    all or nothing: one that no longer applies (409) leaves every amendment open."""
    position = get_position(db.session, g.user, position_id)
    body = parse(DecideAll)
    decided = suggestions.decide_all(db.session, g.user, position, body.clause, body.administration, body.status)
    db.session.commit()
    left = tasks.open_items(db.session, [position.id])[position.id].amendments
    return respond(DecidedAll(administration=body.administration.strip().upper(), status=body.status, decided=decided, open_left=left))


def _endorsements(comment_id: int, action) -> tuple:
    comment = comments.get_comment(db.session, comment_id)
    position = get_position(db.session, g.user, comment.position_id)
    action(db.session, g.user, position, comment)
    db.session.commit()
    codes = endorsements.endorsers(db.session, [comment.id]).get(comment.id, [])
    return EndorsementsOut(comment=comment.id, endorsements=codes)


@bp.post("/comments/<int:comment_id>/endorsements")
@documented("Review", {201: EndorsementsOut}, errors=(403, 404, 422))
def endorse(comment_id: int):
    """Endorse another administration's amendment or reservation for the caller's administration (idempotent)."""
    return respond(_endorsements(comment_id, endorsements.endorse), 201)


@bp.delete("/comments/<int:comment_id>/endorsements")
@documented("Review", {200: EndorsementsOut}, errors=(403, 404, 422))
def withdraw_endorsement(comment_id: int):
    """Withdraw the caller's administration's endorsement of a comment (idempotent)."""
    return respond(_endorsements(comment_id, endorsements.withdraw_endorsement))
