"""The EU consultation as the member states take part in it (design section 10).

A consultation opened in a phase whose audience is ``eu`` asks the member states and EU institutions whose
delegates are invited to the position (positions.services.consultations.consulted_parties). Here is what the
EU side reads of it: the rounds on EU versions ("EU version 2"), with the member states' and institutions'
answers only — never a Belgian administration's answer, never a round of a Belgian phase — and their verdict,
counted exactly as for the administrations. A delegate answers for their own member state through the one
answering rule (consultations.answer), on the EU version number they read.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from positions.errors import NotFound
from positions.member_states import is_belgian
from positions.messages import Msg
from positions.models import Consent, Consultation, Position, User
from positions.services import consultations
from workflows.eu_text import eu_versions


@dataclass(frozen=True)
class EuRound:
    """One consultation on EU version `number`, as the member states see it."""

    consultation: Consultation
    number: int
    consents: list[Consent]
    verdict: consultations.Verdict

    @property
    def is_open(self) -> bool:
        return self.consultation.closed_at is None

    def consent_of(self, user: User) -> Consent | None:
        """The answer of the user's member state in this round (None if it is not asked)."""
        return next((c for c in self.consents if c.administration_id == user.administration_id), None)


def eu_rounds(session: Session, position: Position) -> list[EuRound]:
    """Every round on an EU version that asked member states or institutions, oldest first."""
    numbers = {v.id: n for n, v in enumerate(eu_versions(session, position), 1)}
    if not numbers:
        return []
    found = session.scalars(
        select(Consultation).where(Consultation.position_id == position.id, Consultation.version_id.in_(list(numbers)))
        .options(selectinload(Consultation.consents).selectinload(Consent.administration)).order_by(Consultation.id)
    )
    rounds = []
    for consultation in found:
        consents = [c for c in consultation.consents if not is_belgian(c.administration.kind)]
        if consents:
            rounds.append(EuRound(consultation, numbers[consultation.version_id], consents,
                                  consultations.verdict(consultation, consents)))
    return rounds


def parties(rounds: list[EuRound]) -> list:
    """The member states and institutions asked in any of the rounds, by code."""
    asked = {c.administration.id: c.administration for r in rounds for c in r.consents}
    return sorted(asked.values(), key=lambda a: a.code)


def current_round(session: Session, position: Position) -> EuRound | None:
    """The open EU round, else the last one; the silence procedure applied first (the caller commits)."""
    rounds = eu_rounds(session, position)
    latest = next((r for r in reversed(rounds) if r.is_open), rounds[-1] if rounds else None)
    if latest is None or not latest.is_open:
        return latest
    consultations.settle(session, latest.consultation)
    return next(r for r in eu_rounds(session, position) if r.consultation.id == latest.consultation.id)


def answer(session: Session, user: User, position: Position, number: int, state: str, note: str | None = None) -> Consent:
    """Answer the EU consultation on EU version `number` for the user's own member state (or administration)."""
    found = next((r for r in eu_rounds(session, position) if r.number == number), None)
    if found is None:
        raise NotFound(Msg("EU version %(number)s is not under consultation.", number=number), {"version": number})
    return consultations.answer(session, user, position, found.consultation.version, state, note)
