"""Sending a new delegate the link that sets their password."""

from __future__ import annotations

from flask import url_for

from positions.services.participants import Invited


def invitation_url(secret: str) -> str:
    """The absolute set-password link of an invitation."""
    return url_for("participants.invitation", secret=secret, _external=True)


def send_invitation(invited: Invited) -> None:
    """Queue the invitation mail (in the writer's transaction) for a new account; an existing delegate needs none."""
    if invited.secret is None:
        return
    raise NotImplementedError("wired to the mail outbox when it lands")
