"""Administrations, users, passwords and API tokens."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta
from functools import lru_cache

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

import positions.models.user as user_model
from positions import audit
from positions.actors import SystemActor
from positions.clock import now
from positions.errors import AuthenticationFailed, Conflict, NotFound, ValidationFailed
from positions.member_states import EU_KINDS, is_belgian
from positions.messages import Msg
from positions.models import ADMINISTRATION_KINDS, LOCALES, ROLES, Administration, ApiToken, User
from positions.permissions import can_administer, require
from positions.services.logins import end_all_logins

MIN_PASSWORD = 10
MAX_PASSWORD = 200
MAX_TOKEN_LABEL = 100
TOKEN_USE_PRECISION = timedelta(minutes=1)  # last_used_at is written at most this often per token


def _require_admin(actor: User | SystemActor) -> None:
    require(can_administer(actor), Msg("Only an administrator can manage accounts."))


def check_password_strength(password: str) -> None:
    if len(password or "") < MIN_PASSWORD:
        raise ValidationFailed(
            Msg("The password must have at least %(min)s characters.", min=MIN_PASSWORD),
            {"password": f"at least {MIN_PASSWORD} characters"},
        )
    if len(password) > MAX_PASSWORD:
        raise ValidationFailed(
            Msg("The password must have at most %(max)s characters.", max=MAX_PASSWORD),
            {"password": f"at most {MAX_PASSWORD} characters"},
        )


def normalise_email(email: str) -> str:
    """Check an email address and return it in canonical lower-case form."""
    try:
        return validate_email(email.strip(), check_deliverability=False).normalized.lower()
    except EmailNotValidError as exc:
        raise ValidationFailed(Msg("'%(email)s' is not a valid email address.", email=email), {"email": str(exc)}) from exc


def administration_by_code(session: Session, code: str) -> Administration:
    """Find an administration by its code, or say which codes exist."""
    found = session.scalar(select(Administration).where(Administration.code == code.strip().upper()))
    if found is None:
        known = ", ".join(session.scalars(select(Administration.code).order_by(Administration.code)))
        raise NotFound(Msg("Unknown administration '%(code)s'. Known: %(known)s.", code=code, known=known or Msg("none yet")), {"administration": code})
    return found


def create_administration(session: Session, actor: User | SystemActor, code: str, name: str, kind: str) -> Administration:
    """Add an administration with a unique code."""
    _require_admin(actor)
    code = (code or "").strip().upper()
    if not code or len(code) > 20 or not all(c.isalnum() or c in "-_" for c in code):
        raise ValidationFailed(Msg("The code must be 1–20 letters, digits, '-' or '_'."), {"code": code})
    if not (name or "").strip():
        raise ValidationFailed(Msg("The name is required."), {"name": "required"})
    if kind not in ADMINISTRATION_KINDS:
        raise ValidationFailed(
            Msg("Unknown kind '%(kind)s'. Choose one of: %(choices)s.", kind=kind, choices=", ".join(ADMINISTRATION_KINDS)), {"kind": kind}
        )
    if session.scalar(select(func.count()).where(Administration.code == code)):
        raise Conflict(f"An administration with code '{code}' already exists.", {"code": code})
    administration = Administration(code=code, name=name.strip(), kind=kind)
    session.add(administration)
    session.flush()
    audit.record(session, actor, "administration.created", administration, data={"code": code, "name": name})
    return administration


def update_administration(session: Session, actor: User | SystemActor, administration: Administration, *, name: str, kind: str, active: bool) -> Administration:
    """Rename, reclassify or (de)activate an administration."""
    _require_admin(actor)
    if not (name or "").strip():
        raise ValidationFailed(Msg("The name is required."), {"name": "required"})
    if kind not in ADMINISTRATION_KINDS:
        raise ValidationFailed(Msg("Unknown kind '%(kind)s'.", kind=kind), {"kind": kind})
    if not active and actor.administration_id == administration.id:
        raise ValidationFailed(Msg("You cannot deactivate your own administration: you would lock yourself out."), {"active": "own"})
    if is_belgian(kind) != is_belgian(administration.kind):
        raise ValidationFailed(
            Msg("A Belgian administration cannot become a member state or EU institution, nor the reverse: add a new one."),
            {"kind": kind})
    administration.name, administration.kind, administration.active = name.strip(), kind, active
    audit.record(session, actor, "administration.updated", administration, data={"name": name, "kind": kind, "active": active})
    return administration


def visible_administrations(session: Session, user: User) -> list[Administration]:
    """Every administration; a delegate sees only the member states and EU institutions (never who is Belgian)."""
    query = select(Administration).order_by(Administration.code)
    if user.role == "delegate":
        query = query.where(Administration.kind.in_(EU_KINDS))
    return list(session.scalars(query))


def _check_role_fits(administration: Administration, role: str) -> None:
    """Member states and EU institutions have delegates (invited to EU phases); Belgian administrations never do."""
    if not is_belgian(administration.kind) and role != "delegate":
        raise ValidationFailed(
            Msg("%(code)s is a member state or EU institution: its people are delegates, invited to a position's EU phase.",
                code=administration.code), {"administration": administration.code, "role": role})
    if is_belgian(administration.kind) and role == "delegate":
        raise ValidationFailed(
            Msg("A delegate represents a member state or an EU institution, not %(code)s.", code=administration.code),
            {"administration": administration.code, "role": role})


def create_user(session: Session, actor: User | SystemActor, *, email: str, name: str, administration_code: str, role: str, password: str, locale: str = "en") -> User:
    """Create an account; the email must be new and the role known."""
    _require_admin(actor)
    email = normalise_email(email)
    if not (name or "").strip():
        raise ValidationFailed(Msg("The name is required."), {"name": "required"})
    if role not in ROLES:
        raise ValidationFailed(Msg("Unknown role '%(role)s'. Choose one of: %(choices)s.", role=role, choices=", ".join(ROLES)), {"role": role})
    if locale not in LOCALES:
        raise ValidationFailed(Msg("Unknown language '%(locale)s'.", locale=locale), {"locale": locale})
    administration = administration_by_code(session, administration_code)
    _check_role_fits(administration, role)
    if session.scalar(select(func.count()).where(User.email == email)):
        raise Conflict(Msg("A user with email '%(email)s' already exists.", email=email), {"email": email})
    check_password_strength(password)
    user = User(email=email, name=name.strip(), administration=administration, role=role, locale=locale, active=True)
    user.set_password(password)
    session.add(user)
    session.flush()
    audit.record(session, actor, "user.created", user, data={"email": email, "role": role, "administration": administration.code})
    return user


def update_user(session: Session, actor: User | SystemActor, user: User, *, name: str, email: str, administration_code: str, role: str, active: bool) -> User:
    """Edit a user's name, email, administration, role or active flag."""
    _require_admin(actor)
    email = normalise_email(email)
    if role not in ROLES:
        raise ValidationFailed(Msg("Unknown role '%(role)s'.", role=role), {"role": role})
    if not (name or "").strip():
        raise ValidationFailed(Msg("The name is required."), {"name": "required"})
    administration = administration_by_code(session, administration_code)
    _check_role_fits(administration, role)
    if email != user.email and session.scalar(select(func.count()).where(User.email == email)):
        raise Conflict(Msg("A user with email '%(email)s' already exists.", email=email), {"email": email})
    if user.id == actor.id and (not active or role != "admin"):
        raise ValidationFailed(Msg("You cannot deactivate yourself or remove your own admin role."))
    changes = {"name": name, "email": email, "administration": administration.code, "role": role, "active": active}
    if not active and user.active:
        _end_sessions(session, user)
    user.name, user.email, user.administration, user.role, user.active = name.strip(), email, administration, role, active
    audit.record(session, actor, "user.updated", user, data=changes)
    return user


def save_user(session: Session, actor: User | SystemActor, user: User | None, *, name: str, email: str, administration_code: str,
              role: str, active: bool, password: str | None) -> User:
    """The admin's user form: create the account (a password is required), or update it and set a new password if given."""
    if user is None:
        if not password:
            raise ValidationFailed(Msg("A new user needs a password."), {"password": "required"})
        return create_user(session, actor, email=email, name=name, administration_code=administration_code, role=role,
                           password=password)
    update_user(session, actor, user, name=name, email=email, administration_code=administration_code, role=role, active=active)
    if password:
        reset_password(session, actor, user, password)
    return user


def save_administration(session: Session, actor: User | SystemActor, administration: Administration | None, *, code: str,
                        name: str, kind: str, active: bool) -> Administration:
    """The admin's administration form: create one, or rename, reclassify or (de)activate it."""
    if administration is None:
        return create_administration(session, actor, code, name, kind)
    return update_administration(session, actor, administration, name=name, kind=kind, active=active)


def _end_sessions(session: Session, user: User) -> None:
    user.session_nonce += 1
    end_all_logins(session, user)
    for token in session.scalars(select(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))):
        token.revoked_at = now()


@lru_cache(maxsize=4)
def _dummy_hash(method: str) -> str:
    return generate_password_hash(secrets.token_urlsafe(16), method=method)


def authenticate(session: Session, email: str, password: str) -> User:
    """Return the active user with these credentials, or say clearly why not."""
    user = session.scalar(select(User).where(User.email == (email or "").strip().lower()))
    if user is None or not user.password_hash:  # hash anyway: the time taken must not tell which accounts exist
        check_password_hash(_dummy_hash(user_model.PASSWORD_METHOD), password or "")
    if user is None or not user.check_password(password or ""):
        raise AuthenticationFailed(Msg("Unknown email address or wrong password."))
    if not user.active:
        raise AuthenticationFailed(Msg("This account has been deactivated. Ask an administrator."))
    if not user.administration.active:
        raise AuthenticationFailed(Msg("Your administration (%(code)s) is no longer active in Plenipo. Ask an administrator.",
                                       code=user.administration.code))
    return user


def change_password(session: Session, user: User, current: str, new: str) -> None:
    """Change one's own password after checking the current one; other sessions end."""
    if not user.check_password(current or ""):
        raise ValidationFailed(Msg("The current password is wrong."), {"current_password": "wrong"})
    check_password_strength(new)
    user.set_password(new)
    _end_sessions(session, user)
    audit.record(session, user, "user.password_changed", user)


def token_digest(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def issue_token(session: Session, user: User, days: int = 30, label: str | None = None) -> str:
    """Create an API token for the user, valid for `days`; only its hash is kept."""
    label = (label or "").strip() or None
    if label is not None and len(label) > MAX_TOKEN_LABEL:
        raise ValidationFailed(Msg("The label can have at most %(max)s characters.", max=MAX_TOKEN_LABEL), {"label": "too long"})
    raw = secrets.token_urlsafe(32)
    session.add(ApiToken(user_id=user.id, token_hash=token_digest(raw), label=label, expires_at=now() + timedelta(days=days)))
    session.flush()
    audit.record(session, user, "token.issued", user, data={"label": label} if label else None)
    return raw


def token_for(session: Session, raw: str) -> ApiToken | None:
    """The valid, unrevoked, unexpired token of an active user with this secret."""
    token = session.scalar(select(ApiToken).where(ApiToken.token_hash == token_digest(raw)))
    if token is None or token.revoked_at is not None or token.expires_at < now() or not token.user.is_active:
        return None
    return token


def user_for_token(session: Session, raw: str) -> User | None:
    """The active user owning a valid, unrevoked, unexpired token."""
    token = token_for(session, raw)
    return token.user if token else None


def note_token_use(session: Session, token: ApiToken, moment: datetime | None = None) -> bool:
    """Record that the token was used, at most once a minute so that calls do not all write; tell whether it wrote."""
    moment = moment or now()
    if token.last_used_at is not None and moment - token.last_used_at < TOKEN_USE_PRECISION:
        return False
    token.last_used_at = moment
    session.flush()
    return True


def list_tokens(session: Session, user: User) -> list[ApiToken]:
    """The user's tokens that still work, newest first."""
    return list(session.scalars(
        select(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None), ApiToken.expires_at >= now())
        .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
    ))


def _revoke(session: Session, user: User, token: ApiToken | None) -> ApiToken:
    if token is None or token.user_id != user.id or token.revoked_at is not None or token.expires_at < now():
        raise NotFound(Msg("Unknown token."))
    token.revoked_at = now()
    audit.record(session, user, "token.revoked", user, data={"token": token.id})
    return token


def revoke_token(session: Session, user: User, raw: str) -> None:
    """Revoke one of the user's own tokens, given its secret."""
    _revoke(session, user, session.scalar(select(ApiToken).where(ApiToken.token_hash == token_digest(raw))))


def revoke_token_id(session: Session, user: User, token_id: int) -> ApiToken:
    """Revoke one of the user's own tokens by its id; anyone else's is unknown to them."""
    return _revoke(session, user, session.get(ApiToken, token_id))


def reset_password(session: Session, actor: User | SystemActor, user: User, new: str) -> None:
    """An administrator sets a new password for someone; their sessions and tokens end."""
    _require_admin(actor)
    check_password_strength(new)
    user.set_password(new)
    _end_sessions(session, user)
    audit.record(session, actor, "user.password_reset", user)


def set_locale(session: Session, user: User, locale: str) -> User:
    """A user chooses the language of their interface and of their Word exports."""
    if locale not in LOCALES:
        raise ValidationFailed(Msg("Unknown language '%(locale)s'.", locale=locale), {"locale": locale})
    if user.locale != locale:
        previous, user.locale = user.locale, locale
        audit.record(session, user, "user.locale_changed", user, data={"locale": locale, "previous": previous})
    return user
