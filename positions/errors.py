"""Domain errors: plain exceptions that the web, the API and the CLI map to their own answers."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """Base of every error the domain raises on purpose."""

    code = "error"

    def __init__(self, message: str, details: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details or {}


class NotFound(DomainError):
    """The thing asked for does not exist (or is not visible to the user)."""

    code = "not_found"


class PermissionDenied(DomainError):
    """The acting user may not do this."""

    code = "forbidden"


class ValidationFailed(DomainError):
    """The input is not acceptable; details name the fields."""

    code = "invalid"


class Conflict(DomainError):
    """The action clashes with the current state (a concurrent edit, a duplicate, a frozen text)."""

    code = "conflict"


class Unavailable(DomainError):
    """A service the action needs is missing or failed on the server (e.g. the PDF converter): try later or otherwise."""

    code = "unavailable"


class AuthenticationFailed(DomainError):
    """The credentials are wrong or the account cannot log in."""

    code = "unauthorized"
