"""Messages the domain shows to people: English text that remembers its template and parameters.

The domain stays framework-free: a ``Msg`` is a plain ``str`` (English, ready for the API, the CLI
and logs) that also keeps the template and the parameters it was made from, so that the web layer
can translate the template and fill it in again (see ``app.i18n.translate``). Templates use
``%(name)s`` placeholders; ``Msg`` and ``plural_msg`` are the keywords ``pybabel extract`` looks for
(see babel.cfg), so every domain message lands in the catalogues.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from positions.clock import in_local_zone


def N_(template: str) -> str:
    """Mark a template for extraction without making a message yet (``Msg(template, ...)`` later)."""
    return template


class Amount(int):
    """A quantity shown with thousands separators (1,000 in English, 1 000 in French); ids stay plain ints."""


def english(value: Any) -> Any:
    """A parameter as the English text shows it: amounts with commas, dates spelled out."""
    if isinstance(value, Amount):
        return f"{value:,}"
    if isinstance(value, datetime):  # stored in UTC, read in the local zone (TIMEZONE), which is named
        local = in_local_zone(value)
        return f"{local.day} {local:%B %Y}, {local:%H:%M} {local.tzname()}"
    if isinstance(value, date):
        return f"{value.day} {value:%B %Y}"
    return value


class Msg(str):
    """An English message made from a template and parameters, both kept for translation."""

    template: str
    plural: str | None
    count: int | None
    params: dict[str, Any]

    def __new__(cls, template: str, /, **params: Any) -> Msg:
        return cls._make(template, None, None, params)

    @classmethod
    def _make(cls, template: str, plural: str | None, count: int | None, params: dict[str, Any]) -> Msg:
        chosen = plural if plural is not None and count != 1 else template
        values = {k: english(v) for k, v in params.items()}
        if count is not None:
            values.setdefault("num", english(count))
        text = chosen % values if values else chosen
        obj = super().__new__(cls, text)
        obj.template, obj.plural, obj.count, obj.params = template, plural, count, dict(params)
        return obj

    def __reduce__(self):  # keep pickling and copying simple: a Msg travels as its English text
        return (str, (str(self),))


class Label(str):
    """A fixed label that comes from data (a workflow definition), translated as it is at display time."""


class LowerLabel(Label):
    """A label used inside a sentence: its first letter lower-cased, in English and once translated."""

    source: str

    def __new__(cls, text: str) -> LowerLabel:
        obj = super().__new__(cls, text[:1].lower() + text[1:])
        obj.source = text
        return obj

    def __reduce__(self):
        return (str, (str(self),))


class Joined(str):
    """Several messages shown as one, e.g. objections separated by '; '; each part is translated."""

    parts: list[str]
    separator: str

    def __new__(cls, parts: list[str], separator: str) -> Joined:
        obj = super().__new__(cls, separator.join(parts))
        obj.parts, obj.separator = list(parts), separator
        return obj

    def __reduce__(self):
        return (str, (str(self),))


def plural_msg(singular: str, plural: str, count: int, /, **params: Any) -> Msg:
    """A message whose wording depends on a count (``%(num)s`` is the count)."""
    return Msg._make(singular, plural, count, params)


def join_names(items: list[str]) -> str:
    """Join names as 'A', 'A and B' or 'A, B and C' (translated in the web layer)."""
    if len(items) == 1:
        return items[0]
    return Msg("%(names)s and %(last)s", names=", ".join(items[:-1]), last=items[-1])


def one_of(items: list[str] | tuple[str, ...]) -> str:
    """A list of choices for an error message: 'a, b, c' (codes, never translated)."""
    return ", ".join(items)


def stored(message: Any) -> Any:
    """A message as JSON that can still be translated when shown (see :func:`restored`); other values as they are."""
    if isinstance(message, Msg):
        return {"text": str(message), "template": message.template, "plural": message.plural, "count": message.count,
                "params": {k: stored(v) for k, v in message.params.items()}}
    if isinstance(message, LowerLabel):
        return {"text": str(message), "label": message.source, "lower": True}
    if isinstance(message, Label):
        return {"text": str(message), "label": str(message)}
    if isinstance(message, Joined):
        return {"text": str(message), "parts": [stored(p) for p in message.parts], "separator": message.separator}
    if isinstance(message, Amount | datetime | date):
        return english(message)
    return message


def restored(value: Any) -> Any:
    """The message :func:`stored` kept (older rows: their plain English text, returned as it is)."""
    if not isinstance(value, dict) or "text" not in value:
        return value
    if "template" in value:
        params = {k: restored(v) for k, v in (value.get("params") or {}).items()}
        return Msg._make(value["template"], value.get("plural"), value.get("count"), params)
    if "label" in value:
        return LowerLabel(value["label"]) if value.get("lower") else Label(value["label"])
    if "parts" in value:
        return Joined([restored(p) for p in value["parts"]], value.get("separator", "; "))
    return value["text"]
