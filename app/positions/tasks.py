"""My tasks as the web and the API show them: each task's words in the reader's language and its address."""

from __future__ import annotations

from flask import url_for

from app.i18n import translate
from positions.services.tasks import Task

_TARGETS = {
    "consultation": lambda ident: url_for("review.matrix", position_id=ident),
    "comment": lambda ident: url_for("margin.thread", comment_id=ident),
    "position": lambda ident: url_for("positions.position", position_id=ident),
}


def task_url(task: Task) -> str:
    """Where a task leads: the consultation page, the comment's thread or the position."""
    kind, ident = task.target
    return _TARGETS[kind](ident)


def task_title(task: Task) -> str:
    return str(translate(task.title))
