"""Delegates of other member states and EU institutions invited to a position's EU phase (design section 10).

The pen-holder invites by e-mail: a new address gets a ``delegate`` account of that member state and a
single-use, expiring link to set its password; an existing delegate simply gains this position. Revoking
ends the delegate's access to the position (their account stays, for their other positions).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from positions import audit
from positions.clock import now
from positions.errors import Conflict, NotFound, ValidationFailed
from positions.member_states import EU_KINDS, is_belgian
from positions.messages import N_, Msg
from positions.models import Administration, Invitation, Notification, Participant, Position, User
from positions.permissions import can_manage_participants, can_view, require
from positions.services.accounts import check_password_strength, normalise_email, token_digest
from positions.services.locking import writable

INVITATION_DAYS = 14
MAX_NAME = 200


@dataclass(frozen=True)
class Invited:
    """What an invitation made: the participant, and the set-password link's secret for a new account (else None)."""

    participant: Participant
    secret: str | None


def state_of(participant: Participant) -> str:
    """``revoked``, ``invited`` (the password is not set yet) or ``active``."""
    if participant.revoked_at is not None:
        return "revoked"
    return "active" if participant.user.password_hash else "invited"


def list_participants(session: Session, actor: User, position: Position) -> list[Participant]:
    """Everyone ever invited to the position's EU phase, for the Belgian side (delegates see none of this)."""
    require(can_view(actor, position), Msg("You cannot see this position's participants."))
    query = select(Participant).where(Participant.position_id == position.id).order_by(Participant.invited_at, Participant.id)
    return list(session.scalars(query))


def eu_administrations(session: Session) -> list[Administration]:
    """The active member states and EU institutions, by code."""
    query = select(Administration).where(Administration.active, Administration.kind.in_(EU_KINDS))
    return list(session.scalars(query.order_by(Administration.code)))


def _eu_administration(session: Session, code: str) -> Administration:
    code = (code or "").strip().upper()
    found = session.scalar(select(Administration).where(Administration.code == code)) if code else None
    if found is None or is_belgian(found.kind):
        known = ", ".join(a.code for a in eu_administrations(session))
        raise ValidationFailed(Msg("'%(code)s' is not a member state or EU institution. Known: %(known)s.",
                                   code=code[:20], known=known or Msg("none yet")), {"administration": code[:20]})
    if not found.active:
        raise ValidationFailed(Msg("%(code)s is not active in Plenipo.", code=found.code), {"administration": found.code})
    return found


def _delegate_for(session: Session, email: str, name: str, administration: Administration) -> tuple[User, bool]:
    """The delegate account of this address (made if new); a Belgian account's address is refused."""
    user = session.scalar(select(User).where(User.email == email))
    if user is None:
        name = (name or "").strip()
        if not name or len(name) > MAX_NAME:
            raise ValidationFailed(Msg("The delegate's name is required (at most %(max)s characters).", max=MAX_NAME), {"name": "required"})
        user = User(email=email, name=name, administration=administration, role="delegate", locale="en", active=True,
                    password_hash="")  # no password until the invitation link is used
        session.add(user)
        session.flush()
        return user, True
    if user.role != "delegate":
        raise Conflict(Msg("%(email)s belongs to a Belgian account: a delegate needs an address of their own.", email=email),
                       {"email": email})
    if user.administration_id != administration.id:
        raise Conflict(Msg("%(email)s is already the delegate of %(code)s.", email=email, code=user.administration.code),
                       {"email": email, "administration": user.administration.code})
    return user, False


def invite(session: Session, actor: User, position: Position, *, email: str, name: str, administration: str) -> Invited:
    """Invite a delegate of a member state or EU institution to this position's EU phase."""
    require(can_manage_participants(actor, position), Msg("Only the pen-holder invites delegates."))
    writable(session, position)
    email = normalise_email(email or "")
    member = _eu_administration(session, administration)
    user, new = _delegate_for(session, email, name, member)
    participant = session.scalar(select(Participant).where(Participant.position_id == position.id, Participant.user_id == user.id))
    if participant is not None and participant.revoked_at is None:
        raise Conflict(Msg("%(email)s is already invited to this position.", email=email), {"email": email})
    if participant is None:
        participant = Participant(position_id=position.id, user=user, administration=member, invited_by_id=actor.id)
        session.add(participant)
    participant.revoked_at = None
    secret = None
    if new or not user.password_hash:
        secret = secrets.token_urlsafe(32)
        session.add(Invitation(user=user, token_hash=token_digest(secret), expires_at=now() + timedelta(days=INVITATION_DAYS)))
        _mail_the_link(session, actor, position, user, member, secret)
    session.flush()
    audit.record(session, actor, "participant.invited", participant, position_id=position.id,
                 data={"email": email, "administration": member.code, "new_account": new})
    return Invited(participant, secret)


def _mail_the_link(session: Session, actor: User, position: Position, user: User, member: Administration, secret: str) -> None:
    """Queue the invitation mail in this transaction's outbox (the worker sends it; the link is in the new user's inbox)."""
    session.add(Notification(
        user=user, kind="invitation", position_id=position.id, mail="pending", link=f"/invitation/{secret}",
        template=N_("%(inviter)s invites you to the EU coordination of \"%(position)s\" for %(administration)s. Set your "
                    "password with the link in this message (valid %(days)s days, once)."),
        params={"inviter": actor.name, "position": position.title, "administration": member.name, "days": INVITATION_DAYS},
        created_at=now(), next_attempt_at=now(),
    ))


def revoke(session: Session, actor: User, position: Position, participant_id: int) -> Participant:
    """End a delegate's access to this position (the account stays for their other positions)."""
    require(can_manage_participants(actor, position), Msg("Only the pen-holder revokes delegates."))
    writable(session, position)
    participant = session.get(Participant, participant_id)
    if participant is None or participant.position_id != position.id:
        raise NotFound(Msg("There is no participant %(id)s in this position.", id=participant_id), {"participant": participant_id})
    if participant.revoked_at is None:
        participant.revoked_at = now()
        audit.record(session, actor, "participant.revoked", participant, position_id=position.id,
                     data={"email": participant.user.email, "administration": participant.administration.code})
    return participant


def invited_positions(session: Session, delegate: User) -> list[Position]:
    """The positions a delegate is (still) invited to."""
    query = (select(Position).join(Participant, Participant.position_id == Position.id)
             .where(Participant.user_id == delegate.id, Participant.revoked_at.is_(None)).order_by(Position.id))
    return list(session.scalars(query))


def participating(session: Session, user: User, position: Position) -> bool:
    """Whether this delegate is invited to the position and not revoked."""
    return user.role == "delegate" and session.scalar(
        select(Participant.id).where(Participant.position_id == position.id, Participant.user_id == user.id,
                                     Participant.revoked_at.is_(None))) is not None


def invited_administrations(session: Session, position: Position) -> list[Administration]:
    """The active member states and institutions with a delegate invited to the position (not revoked), by code:
    the parties an EU consultation asks."""
    query = (select(Administration).join(Participant, Participant.administration_id == Administration.id)
             .where(Participant.position_id == position.id, Participant.revoked_at.is_(None), Administration.active)
             .distinct().order_by(Administration.code))
    return list(session.scalars(query))


def invitation(session: Session, secret: str) -> Invitation:
    """The unused, unexpired invitation of this link, or a clear refusal."""
    found = session.scalar(select(Invitation).where(Invitation.token_hash == token_digest(secret or "")))
    if found is None:
        raise NotFound(Msg("This invitation link is not valid. Ask the pen-holder for a new one."))
    if found.used_at is not None:
        raise Conflict(Msg("This invitation link has already been used: log in with your e-mail address and password."))
    if found.expires_at < now():
        raise Conflict(Msg("This invitation link has expired. Ask the pen-holder to invite you again."))
    return found


def accept(session: Session, secret: str, password: str) -> User:
    """Set the new delegate's password with their invitation link (once)."""
    found = invitation(session, secret)
    check_password_strength(password)
    found.user.set_password(password)
    found.used_at = now()
    audit.record(session, found.user, "invitation.accepted", found.user)
    return found.user
