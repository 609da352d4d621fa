"""Who acts when nobody is logged in: the system (the command line, the demo loader, scheduled jobs).

Services take the acting user and check what that user may do. The operator at the command line (who
has the database anyway) and the scheduler act as SYSTEM instead: an explicit actor, allowed what the
permission functions say it is allowed (manage accounts, read every position, apply deadlines), never
a silent `None` that skips the checks. Its events are recorded without a person (actor_id NULL).
"""

from __future__ import annotations


class SystemActor:
    """Plenipo itself, acting for an operator or on a schedule; not a person and of no administration."""

    id = None
    name = "Plenipo"
    email = ""
    role = "system"
    locale = "en"
    administration = None
    administration_id = None
    is_authenticated = True
    is_active = True
    active = True

    def __repr__(self) -> str:
        return "<SystemActor>"


SYSTEM = SystemActor()


def is_system(actor: object) -> bool:
    """Whether the actor is the system rather than a person."""
    return actor is SYSTEM
