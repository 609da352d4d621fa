"""A workflow definition's text: parsed TOML, typed fields, and errors that cite the file, key and line."""

from __future__ import annotations

import difflib
import re
import tomllib
from pathlib import Path
from typing import Any, NoReturn

from .engine import DefinitionError

TOML_POSITION = re.compile(r"at line (\d+), column (\d+)")


class DefinitionText:
    """One definition file: knows its text so that every error can name the line."""

    def __init__(self, path: Path, text: str) -> None:
        self.file = str(path)
        self.lines = text.splitlines()
        self.text = text

    def parse(self) -> dict[str, Any]:
        """Read the TOML, turning syntax errors into DefinitionError with line and column."""
        try:
            return tomllib.loads(self.text)
        except tomllib.TOMLDecodeError as exc:
            found = TOML_POSITION.search(str(exc))
            line = int(found.group(1)) if found else len(self.lines) or None
            source = self.lines[line - 1] if line and line <= len(self.lines) else ""
            assigned = re.match(r"\s*([\w\-.\"']+)\s*=", source)
            key = assigned.group(1) if assigned else None
            raise DefinitionError(
                f"invalid TOML: {exc}", file=self.file, key=key, line=line
            ) from None

    def check_fields(
        self, table: dict, allowed: tuple[str, ...], where: str, header: int | None
    ) -> None:
        """Refuse misspelt fields, which would otherwise be silently ignored."""
        for field in table:
            if field not in allowed:
                line = self.after(header, field) if where else self.top_line(field)
                if line is None and not where:
                    line = self.header_line(rf"{re.escape(field)}\b.*")
                self.error(
                    f"{where}.{field}" if where else field,
                    f"unknown field {field!r} "
                    f"(expected one of {', '.join(allowed)}){self.hint(field, allowed)}",
                    line,
                )

    def string(
        self,
        table: dict,
        field: str,
        where: str = "",
        header: int | None = 0,
        default: str | None = None,
    ) -> str:
        """Return ``table[field]`` as a non-empty string, or ``default`` if absent."""
        value = table.get(field, default)
        if not isinstance(value, str) or (not value and default is None):
            self.field_error(where, field, header, "must be a non-empty string")
        return value

    def strings(
        self, table: dict, field: str, where: str = "", header: int | None = 0
    ) -> list[str]:
        """Return ``table[field]`` as a list of strings, empty if absent."""
        value = table.get(field, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.field_error(where, field, header, "must be a list of strings")
        return value

    def field_error(self, where: str, field: str, header: int | None, problem: str) -> NoReturn:
        """Raise a DefinitionError for ``field`` of the table ``where`` opened at ``header``."""
        self.error(f"{where}.{field}" if where else field, problem, self.after(header, field))

    def hint(self, value: str, known: Any) -> str:
        """Suggest the closest known name, if any is close."""
        close = difflib.get_close_matches(value, list(known), n=1)
        return f" (did you mean {close[0]!r}?)" if close else ""

    def error(self, key: str, problem: str, line: int | None = None) -> NoReturn:
        """Raise a DefinitionError for ``key``; top-level keys find their own line."""
        if line is None and "." not in key and "[" not in key:
            line = self.top_line(key)
        raise DefinitionError(problem, file=self.file, key=key, line=line)

    def top_line(self, field: str) -> int | None:
        """Return the line assigning ``field`` before the first table header."""
        return self.after(0, field)

    def state_line(self, key: str) -> int | None:
        """Return the line of the ``[states.<key>]`` header."""
        return self.table_line("states", key)

    def table_line(self, table: str, key: str) -> int | None:
        """Return the line of the ``[<table>.<key>]`` header."""
        return self.header_line(rf"{table}\s*\.\s*[\"']?{re.escape(key)}[\"']?")

    def header_line(self, table: str) -> int | None:
        """Return the line of the first ``[table]`` or ``[[table]]`` header."""
        pattern = re.compile(rf"\s*\[\[?\s*{table}\s*\]")
        return next((n for n, text in enumerate(self.lines, 1) if pattern.match(text)), None)

    def after(self, header: int | None, field: str) -> int | None:
        """Return the line assigning ``field`` in the block after line ``header``."""
        if header is None:
            return None
        for number in range(header + 1, len(self.lines) + 1):
            text = self.lines[number - 1]
            if text.lstrip().startswith("["):
                break
            if re.match(rf"\s*[\"']?{re.escape(field)}[\"']?\s*=", text):
                return number
        return header or None
