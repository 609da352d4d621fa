"""People who use Plenipo, their logins and their API tokens."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from positions.models.administration import Administration
from positions.models.base import Base, created_at_column, in_list

# scrypt by default; the test suite lowers the cost to keep hundreds of logins fast.
PASSWORD_METHOD = "scrypt"

ROLES = ("viewer", "official", "pen_holder", "delegation_lead", "admin", "delegate")  # delegate: section 10 of the design
LOCALES = ("en", "fr", "nl")


class User(Base):
    """A person with one administration and one role."""

    __tablename__ = "user_account"
    __table_args__ = (
        CheckConstraint(in_list("role", ROLES), name="role"),
        CheckConstraint(in_list("locale", LOCALES), name="locale"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(256))
    administration_id: Mapped[int] = mapped_column(ForeignKey("administration.id"))
    role: Mapped[str] = mapped_column(String(20))
    locale: Mapped[str] = mapped_column(String(5), default="en")
    active: Mapped[bool] = mapped_column(default=True)
    session_nonce: Mapped[int] = mapped_column(default=0)
    # Renewing the personal calendar URL (positions/services/calendars.py) counts up: older URLs stop working.
    calendar_generation: Mapped[int] = mapped_column(default=0, server_default="0")
    created_at: Mapped[datetime] = created_at_column()

    administration: Mapped[Administration] = relationship(lazy="joined")

    # The login this object was loaded for (not stored on the user): Flask-Login keeps it in the session id.
    login_key = None

    def set_password(self, password: str) -> None:
        """Store a salted hash of the password (never the password)."""
        self.password_hash = generate_password_hash(password, method=PASSWORD_METHOD)

    def check_password(self, password: str) -> bool:
        """Tell whether the password matches the stored hash."""
        return bool(self.password_hash) and check_password_hash(self.password_hash, password)

    # Flask-Login's user protocol, written out so the domain does not import Flask.
    @property
    def is_active(self) -> bool:
        """An account acts only while it and its administration are both active."""
        return self.active and self.administration.active

    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        """Identify the login in the session: the user, the nonce (a password change ends every login) and the login's key."""
        return f"{self.id}:{self.session_nonce}:{self.login_key or ''}"

    def __repr__(self) -> str:
        return f"<User {self.email} {self.role}>"


class ApiToken(Base):
    """A bearer token for the JSON API; only its hash is stored."""

    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    label: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[datetime] = created_at_column()
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]
    last_used_at: Mapped[datetime | None]

    user: Mapped[User] = relationship(lazy="joined")


class LoginSession(Base):
    """One login in one browser; logging out deletes it, which ends its session cookie and remember cookie everywhere."""

    __tablename__ = "login_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = created_at_column()
    expires_at: Mapped[datetime]
