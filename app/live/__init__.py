"""Live position pages: Server-Sent Events of what others change, and who is viewing or editing which clause."""

from __future__ import annotations

from flask import Flask

from app.extensions import db


def init_app(app: Flask) -> None:
    """One hub per app (per database): it fans messages out to this process's streams, and across hosts."""
    from app.live import messages  # noqa: F401  (subscribes to the domain events)
    from app.live.hub import Hub

    with app.app_context():
        app.extensions["live"] = Hub(db.engine)
