"""My tasks as the web and the API show them: each task's words in the reader's language and its address."""

from __future__ import annotations

from types import SimpleNamespace

from flask import url_for

from app.i18n import label, translate
from positions.services.tasks import Task
from workflows.next_steps import next_steps_for

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


def next_steps_view(session, user) -> list[SimpleNamespace]:
    """What blocks each of the pen-holder's positions' next step, in the reader's language, with the position's address."""
    return [SimpleNamespace(
        position=n.position, stage_label=label(n.stage_label), blocked=n.blocked,
        url=url_for("positions.position", position_id=n.position.id) + "#workflow",
        steps=[SimpleNamespace(name=s.name, label=label(s.label), target=s.target, target_label=label(s.target_label),
                               allowed=s.allowed, blocked_by=[str(translate(r)) for r in s.blocked_by],
                               warnings=[str(translate(w)) for w in s.warnings]) for s in n.steps],
    ) for n in next_steps_for(session, user)]
