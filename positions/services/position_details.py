"""Changing a position's details after creation: title, meeting, item, symbol, classification, consulted administrations."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from positions import audit
from positions.errors import Conflict, ValidationFailed
from positions.messages import Msg
from positions.models import CONFIDENTIALITY, TEXT_LIMITS, Administration, Consent, Position, User
from positions.permissions import can_edit, require
from positions.services.consultations import open_consultation_of
from positions.services.locking import writable
from positions.services.positions import (
    _optional,
    _required,
    belgian_administrations,
    consulted_codes,
    touch,
)

TEXT_FIELDS = ("title", "meeting", "agenda_item", "document_symbol")
REQUIRED_FIELDS = ("title", "meeting", "agenda_item")


@dataclass
class DetailsChange:
    """What an edit changed, and what the pen-holder should know about the result."""

    changed: dict[str, Any] = field(default_factory=dict)  # field -> [before, after]
    warnings: list[Msg] = field(default_factory=list)


def without_active_official(session: Session, administrations: list[Administration]) -> list[Administration]:
    """The administrations nobody can answer for: inactive, or without an active official."""
    if not administrations:
        return []
    staffed = set(session.scalars(
        select(User.administration_id).where(User.role == "official", User.active,
                                             User.administration_id.in_([a.id for a in administrations]))
    ))
    return [a for a in administrations if not a.active or a.id not in staffed]


def staffing_warnings(session: Session, administrations: list[Administration]) -> list[Msg]:
    """One warning per consulted administration that no one could answer for."""
    return [Msg("%(administration)s has no active official: nobody could answer a consultation for it, "
                "and its silence would count as agreement.", administration=a.code)
            for a in without_active_official(session, administrations)]


def update_details(session: Session, actor: User, position: Position, **values: Any) -> DetailsChange:
    """Change the given details (those left out, or None, stay); audited as one event. The pen-holder, while not frozen."""
    require(can_edit(actor, position), Msg("Only the pen-holder can change a position's details, and not once it is final."))
    writable(session, position)
    change = DetailsChange()
    for name in TEXT_FIELDS:
        if values.get(name) is None:
            continue
        limit = TEXT_LIMITS[name]
        new = _required(values[name], name, limit) if name in REQUIRED_FIELDS else _optional(values[name], name, limit)
        if new != getattr(position, name):
            change.changed[name] = [getattr(position, name), new]
            setattr(position, name, new)
    confidentiality = values.get("confidentiality")
    if confidentiality is not None and confidentiality != position.confidentiality:
        if confidentiality not in CONFIDENTIALITY:
            raise ValidationFailed(Msg("Unknown confidentiality '%(value)s'.", value=confidentiality), {"confidentiality": confidentiality})
        change.changed["confidentiality"] = [position.confidentiality, confidentiality]
        position.confidentiality = confidentiality
    if values.get("consulted") is not None:
        _change_consulted(session, position, consulted_codes(values["consulted"]), change)
    if change.changed:
        touch(position)
        session.flush()
        audit.record(session, actor, "position.details_changed", position, position_id=position.id, data=change.changed)
    change.warnings = staffing_warnings(session, list(position.consulted))
    return change


def _change_consulted(session: Session, position: Position, codes: list[str], change: DetailsChange) -> None:
    """Replace the consulted administrations; the running consultation follows (answered ones cannot leave)."""
    administrations = belgian_administrations(session, codes)  # unknown codes and member states are refused there
    before = {a.code for a in position.consulted}
    after = {a.code for a in administrations}
    if before == after:
        return
    added = [a for a in administrations if a.code not in before]
    inactive = [a.code for a in added if not a.active]
    if inactive:
        raise ValidationFailed(Msg("%(codes)s is no longer active and cannot be consulted.", codes=", ".join(sorted(inactive))),
                               {"consulted": inactive})
    consultation = open_consultation_of(session, position)
    if consultation is not None:
        consents = {c.administration.code: c for c in consultation.consents}
        answered = sorted(code for code in before - after if code in consents and consents[code].state != "pending")
        if answered:
            raise Conflict(Msg("%(codes)s already answered the running consultation and cannot be removed from it.",
                               codes=", ".join(answered)), {"consulted": answered})
        for code in before - after:
            if code in consents:
                session.delete(consents[code])
        session.add_all(Consent(consultation_id=consultation.id, administration_id=a.id)
                        for a in added if a.code not in consents)
        session.flush()
        session.expire(consultation, ["consents"])
    position.consulted = sorted(administrations, key=lambda a: a.code)
    change.changed["consulted"] = {"added": sorted(after - before), "removed": sorted(before - after)}
