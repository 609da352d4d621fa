"""The engine's own messages: English text that keeps its template, so that the web layer can translate it.

The engine imports nothing of ours, so it cannot use ``positions.messages``; these three classes have
the same shape (``app.i18n.translate`` reads both). ``Msg`` and ``N_`` are keywords ``pybabel extract``
looks for in workflows/ (see babel.cfg).
"""

from __future__ import annotations

from typing import Any


def N_(template: str) -> str:
    """Mark a template for extraction without making a message yet (``Msg(template, ...)`` later)."""
    return template


class Msg(str):
    """An English message made from a ``%(name)s`` template and parameters, both kept for translation."""

    template: str
    plural: str | None = None
    count: int | None = None
    params: dict[str, Any]

    def __new__(cls, template: str, /, **params: Any) -> Msg:
        obj = super().__new__(cls, template % params if params else template)
        obj.template, obj.params = template, dict(params)
        return obj

    def __reduce__(self):  # a Msg travels (pickled, copied) as its English text
        return (str, (str(self),))


class Label(str):
    """A label from a workflow definition (a stage, a step), translated as it is at display time."""


class LowerLabel(Label):
    """A label used inside a sentence: its first letter lower-cased, in English and once translated."""

    source: str

    def __new__(cls, text: str) -> LowerLabel:
        obj = super().__new__(cls, text[:1].lower() + text[1:])
        obj.source = text
        return obj

    def __reduce__(self):
        return (str, (str(self),))
