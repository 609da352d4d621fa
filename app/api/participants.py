"""Member-state delegates invited to a position's EU phase (design section 10)."""

from __future__ import annotations

from typing import Literal

from flask import g
from pydantic import Field

from app.api.base import bp
from app.api.openapi import documented
from app.api.parsing import Body, examples, parse
from app.api.shapes import Out, Timestamp, iso, respond
from app.extensions import db
from positions.models import Participant
from positions.services import participants
from positions.services.positions import get_position


class ParticipantOut(Out):
    id: int
    email: str
    name: str
    administration: str = Field(description="The member state's or institution's code (EU codes: DE, EL, COM, PRES).")
    state: Literal["invited", "active", "revoked"]
    invited_at: Timestamp | None


class ParticipantList(Out):
    participants: list[ParticipantOut]


class ParticipantInvite(Body):
    model_config = examples({"email": "anna.schmidt@bmuv.example.de", "name": "Anna Schmidt", "administration": "DE"})

    email: str = Field(max_length=254)
    name: str = Field(default="", max_length=200, description="Required for a new delegate.")
    administration: str = Field(max_length=20, description="The code of a member state or EU institution.")


def participant_fields(p: Participant) -> dict:
    return {"id": p.id, "email": p.user.email, "name": p.user.name, "administration": p.administration.code,
            "state": participants.state_of(p), "invited_at": iso(p.invited_at)}


@bp.get("/positions/<int:position_id>/participants")
@documented("Participants", {200: ParticipantList}, errors=(403, 404))
def list_participants(position_id: int):
    """The delegates invited to the position's EU phase, revoked ones included (Belgian users only)."""
    position = get_position(db.session, g.user, position_id)
    rows = participants.list_participants(db.session, g.user, position)
    return respond(ParticipantList(participants=[ParticipantOut(**participant_fields(p)) for p in rows]))


@bp.post("/positions/<int:position_id>/participants")
@documented("Participants", {201: ParticipantOut}, body=ParticipantInvite, errors=(403, 404, 409))
def invite_participant(position_id: int):
    """Invite a delegate of a member state or EU institution to the position's EU phase (pen-holder); a new
    address is sent the single-use link that sets its password."""
    position = get_position(db.session, g.user, position_id)
    body = parse(ParticipantInvite)
    invited = participants.invite(db.session, g.user, position, email=body.email, name=body.name, administration=body.administration)
    answer = ParticipantOut(**participant_fields(invited.participant))
    db.session.commit()
    return respond(answer, 201)


@bp.delete("/positions/<int:position_id>/participants/<int:participant_id>")
@documented("Participants", {200: ParticipantOut}, errors=(403, 404))
def revoke_participant(position_id: int, participant_id: int):
    """Revoke a delegate's access to this position (pen-holder)."""
    position = get_position(db.session, g.user, position_id)
    participant = participants.revoke(db.session, g.user, position, participant_id)
    answer = ParticipantOut(**participant_fields(participant))
    db.session.commit()
    return respond(answer)
