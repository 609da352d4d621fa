"""Load workflow definitions from TOML files and check them before use."""

from __future__ import annotations

import difflib
import re
import tomllib
from pathlib import Path
from typing import Any, NoReturn

from .engine import ROLE_LABELS, DefinitionError, State, Transition, Workflow
from .registry import Registry

TOP_FIELDS = ("key", "label", "initial", "frozen", "args", "states", "transitions")
STATE_FIELDS = ("label", "phase")
TRANSITION_FIELDS = ("name", "label", "from", "to", "roles", "guards", "effects", "args")
NAME = re.compile(r"[a-z][a-z0-9_]*\Z")
TOML_POSITION = re.compile(r"at line (\d+), column (\d+)")
TRANSITION_HEADER = re.compile(r"\s*\[\[\s*transitions\s*\]\]")


def definitions_dir() -> Path:
    """Return the directory holding the shipped workflow definitions."""
    return Path(__file__).resolve().parent / "definitions"


def load_all(directory: str | Path, registry: Registry) -> dict[str, Workflow]:
    """Load every ``*.toml`` workflow in ``directory``, keyed by workflow key."""
    workflows: dict[str, Workflow] = {}
    origins: dict[str, Path] = {}
    for path in sorted(Path(directory).glob("*.toml")):
        workflow = load_workflow(path, registry)
        if workflow.key in workflows:
            _Definition(path, path.read_text(encoding="utf-8"), registry).error(
                "key", f"workflow {workflow.key!r} is already defined in {origins[workflow.key]}"
            )
        workflows[workflow.key] = workflow
        origins[workflow.key] = path
    return workflows


def load_workflow(path: str | Path, registry: Registry) -> Workflow:
    """Load and validate one workflow definition; raise DefinitionError if it is wrong."""
    path = Path(path)
    return _Definition(path, path.read_text(encoding="utf-8"), registry).build()


class _Definition:
    """One definition file being parsed: knows its text so errors can cite lines."""

    def __init__(self, path: Path, text: str, registry: Registry) -> None:
        self.file = str(path)
        self.lines = text.splitlines()
        self.text = text
        self.registry = registry

    def build(self) -> Workflow:
        """Parse, check and return the workflow."""
        data = self.parse()
        self.check_fields(data, TOP_FIELDS, "", None)
        for name in ("key", "label", "initial", "states", "transitions"):
            if name not in data:
                self.error(name, f"missing required field {name!r}")
        key, label = self.string(data, "key"), self.string(data, "label")
        args = self.arguments(data.get("args", {}))
        states = self.states(data["states"])
        initial = self.string(data, "initial")
        if initial not in states:
            self.error("initial", f"unknown state {initial!r}{self.hint(initial, states)}")
        frozen = self.strings(data, "frozen")
        for stage in frozen:
            if stage not in states:
                self.error("frozen", f"unknown state {stage!r}{self.hint(stage, states)}")
        transitions = self.transitions(data["transitions"], states, args)
        self.check_reachable(initial, states, transitions)
        self.check_frozen_stays_frozen(set(frozen), transitions)
        return Workflow(key, label, states, transitions, initial, frozenset(frozen), args)

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

    def arguments(self, table: Any) -> dict[str, str]:
        """Check the ``[args]`` table: argument name = human label."""
        if not isinstance(table, dict):
            self.error("args", "must be a table of argument name = label")
        header = self.header_line(r"args")
        for name, label in table.items():
            if not NAME.match(name) or not isinstance(label, str):
                self.error(
                    f"args.{name}",
                    "must be a lower_case name set to a label string",
                    self.after(header, name),
                )
        return dict(table)

    def states(self, table: Any) -> dict[str, State]:
        """Check the ``[states.*]`` tables and build State objects."""
        if not isinstance(table, dict) or not table:
            self.error("states", "must be a non-empty table of [states.<key>] tables")
        states = {}
        for key, body in table.items():
            where, header = f"states.{key}", self.state_line(key)
            if not NAME.match(key):
                self.error(where, "state keys must be lower_case names", header)
            if not isinstance(body, dict):
                self.error(where, "must be a table with label and phase", header)
            self.check_fields(body, STATE_FIELDS, where, header)
            if "label" not in body:
                self.error(where, "missing required field 'label'", header)
            label = self.string(body, "label", where, header)
            phase = self.string(body, "phase", where, header, default="")
            states[key] = State(key, label, phase)
        return states

    def transitions(
        self, items: Any, states: dict[str, State], args: dict[str, str]
    ) -> list[Transition]:
        """Check the ``[[transitions]]`` entries and build Transition objects."""
        if not isinstance(items, list):
            self.error("transitions", "must be an array of [[transitions]] tables")
        headers = [n for n, text in enumerate(self.lines, 1) if TRANSITION_HEADER.match(text)]
        result: list[Transition] = []
        seen: dict[tuple[str, str], int] = {}
        for index, body in enumerate(items):
            header = headers[index] if index < len(headers) else self.top_line("transitions")
            transition = self.transition(f"transitions[{index}]", body, header, states, args)
            key = (transition.name, transition.source)
            if key in seen:
                problem = (
                    f"{key[0]!r} from {key[1]!r} is already defined at transitions[{seen[key]}]"
                )
                self.field_error(f"transitions[{index}]", "name", header, problem)
            seen[key] = index
            result.append(transition)
        return result

    def transition(
        self,
        where: str,
        body: Any,
        header: int | None,
        states: dict[str, State],
        args: dict[str, str],
    ) -> Transition:
        """Check one ``[[transitions]]`` table and build its Transition."""
        if not isinstance(body, dict):
            self.error(where, "must be a table", header)
        self.check_fields(body, TRANSITION_FIELDS, where, header)
        for field in ("name", "label", "from", "to", "roles"):
            if field not in body:
                self.error(where, f"missing required field {field!r}", header)
        name, label, source, target = (
            self.string(body, f, where, header) for f in ("name", "label", "from", "to")
        )
        if not NAME.match(name):
            self.field_error(where, "name", header, "transition names must be lower_case names")
        for field, stage in (("from", source), ("to", target)):
            if stage not in states:
                problem = f"{name!r}: unknown state {stage!r}{self.hint(stage, states)}"
                self.field_error(where, field, header, problem)
        lists = {f: self.strings(body, f, where, header) for f in TRANSITION_FIELDS[4:]}
        if not lists["roles"]:
            self.field_error(where, "roles", header, f"{name!r}: needs at least one role")
        known = {
            "roles": (set(ROLE_LABELS), "role", ""),
            "guards": (set(self.registry.guard_names()), "guard", ""),
            "effects": (set(self.registry.effect_names()), "effect", ""),
            "args": (set(args), "argument", " (declare it under [args])"),
        }
        for field, (names, kind, advice) in known.items():
            for value in lists[field]:
                if value not in names:
                    problem = f"{name!r}: unknown {kind} {value!r}{self.hint(value, names)}"
                    self.field_error(where, field, header, problem + advice)
        roles, guards, effects, accepted = lists.values()
        return Transition(name, label, source, target, frozenset(roles),
                          tuple(guards), tuple(effects), tuple(accepted))  # fmt: skip

    def check_reachable(
        self, initial: str, states: dict[str, State], transitions: list[Transition]
    ) -> None:
        """Refuse states that no sequence of transitions reaches from the initial state."""
        reached, frontier = {initial}, [initial]
        while frontier:
            stage = frontier.pop()
            for t in transitions:
                if t.source == stage and t.target not in reached:
                    reached.add(t.target)
                    frontier.append(t.target)
        lost = [key for key in states if key not in reached]
        if lost:
            also = f" (so are {', '.join(lost[1:])})" if lost[1:] else ""
            self.error(
                f"states.{lost[0]}",
                f"unreachable from the initial state {initial!r}" + also,
                self.state_line(lost[0]),
            )

    def check_frozen_stays_frozen(self, frozen: set[str], transitions: list[Transition]) -> None:
        """Refuse a transition that would take a frozen (final) text back to an editable state."""
        headers = [n for n, text in enumerate(self.lines, 1) if TRANSITION_HEADER.match(text)]
        for index, t in enumerate(transitions):
            if t.source in frozen and t.target not in frozen:
                header = headers[index] if index < len(headers) else None
                self.field_error(f"transitions[{index}]", "to", header,
                                 f"{t.name!r}: leads from the frozen state {t.source!r} to {t.target!r}, which is not "
                                 "frozen; a final text can only move to another frozen state (e.g. archived)")

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
        return self.header_line(rf"states\s*\.\s*[\"']?{re.escape(key)}[\"']?")

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
