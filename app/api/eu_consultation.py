"""The EU consultation through the API: the member states' answers on an EU version, and a delegate's answer."""

from __future__ import annotations

from flask import g
from pydantic import Field

from app.api.base import bp
from app.api.openapi import documented
from app.api.parsing import parse
from app.api.review import ConsentAnswer, ConsentOut, VerdictOut, consent_json
from app.api.shapes import Out, Timestamp, iso, respond
from app.extensions import db
from workflows import eu_consultation, eu_text


class EuConsultationOut(Out):
    """The open EU consultation, else the last one; every field but consents is null when none was opened."""

    version: int | None = Field(description="The EU version number asked about (EU version 1 is the first of the EU phase).")
    deadline: Timestamp | None
    closed_at: Timestamp | None
    consents: list[ConsentOut] = Field(description="The member states' and EU institutions' answers only.")
    verdict: VerdictOut | None


@bp.get("/eu/positions/<int:position_id>/consultation")
@documented("EU", {200: EuConsultationOut}, errors=(404,))
def eu_consultation_state(position_id: int):
    """The EU consultation as the member states see it (invited delegates and Belgian readers of the EU text)."""
    position = eu_text.eu_position(db.session, g.user, position_id)
    current = eu_consultation.current_round(db.session, position)
    db.session.commit()  # the silence procedure may have recorded answers
    if current is None:
        return respond(EuConsultationOut(version=None, deadline=None, closed_at=None, consents=[], verdict=None))
    verdict = current.verdict
    return respond(EuConsultationOut(
        version=current.number, deadline=iso(current.consultation.deadline), closed_at=iso(current.consultation.closed_at),
        consents=[consent_json(c) for c in current.consents],
        verdict=VerdictOut(state=verdict.state, text=verdict.text, counts=verdict.counts),
    ))


@bp.put("/eu/positions/<int:position_id>/versions/<int:number>/consent")
@documented("EU", {200: ConsentOut}, body=ConsentAnswer, errors=(403, 404, 409))
def eu_answer(position_id: int, number: int):
    """A delegate answers the EU consultation on EU version `number` for their own member state."""
    position = eu_text.eu_position(db.session, g.user, position_id)
    body = parse(ConsentAnswer)
    consent = eu_consultation.answer(db.session, g.user, position, number, body.state, body.note)
    db.session.commit()
    return respond(consent_json(consent))
