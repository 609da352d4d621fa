"""Load workflow definitions from TOML files and check them before use."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from .definition_text import DefinitionText
from .engine import AUDIENCES, Phase, State, Transition, Workflow
from .registry import Registry

TOP_FIELDS = ("key", "label", "initial", "frozen", "args", "phases", "states", "transitions")
PHASE_FIELDS = ("label", "audience", "consults")
REQUIRED_PHASE_FIELDS = ("label", "audience")
STATE_FIELDS = ("label", "phase")
TRANSITION_FIELDS = ("name", "label", "from", "to", "roles", "guards", "warnings", "effects", "args", "outcome",
                     "automatic_at_deadline")
LIST_FIELDS = ("roles", "guards", "warnings", "effects", "args")
NAME = re.compile(r"[a-z][a-z0-9_]*\Z")
TRANSITION_HEADER = re.compile(r"\s*\[\[\s*transitions\s*\]\]")


def definitions_dir() -> Path:
    """Return the directory holding the shipped workflow definitions."""
    return Path(__file__).resolve().parent / "definitions"


def load_all(directories: str | Path | list[str | Path], registry: Registry) -> dict[str, Workflow]:
    """Load every ``*.toml`` workflow in the directory (or directories, in order), keyed by workflow key."""
    if isinstance(directories, str | Path):
        directories = [directories]
    workflows: dict[str, Workflow] = {}
    origins: dict[str, Path] = {}
    for path in (p for d in directories for p in sorted(Path(d).glob("*.toml"))):
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


class _Definition(DefinitionText):
    """One definition file being checked against what the registry knows."""

    def __init__(self, path: Path, text: str, registry: Registry) -> None:
        super().__init__(path, text)
        self.registry = registry

    def build(self) -> Workflow:
        """Parse, check and return the workflow."""
        data = self.parse()
        self.check_fields(data, TOP_FIELDS, "", None)
        for name in ("key", "label", "initial", "phases", "states", "transitions"):
            if name not in data:
                self.error(name, f"missing required field {name!r}")
        key, label = self.string(data, "key"), self.string(data, "label")
        args = self.arguments(data.get("args", {}))
        phases = self.phases(data["phases"])
        states = self.states(data["states"], phases)
        initial = self.string(data, "initial")
        if initial not in states:
            self.error("initial", f"unknown state {initial!r}{self.hint(initial, states)}")
        frozen = self.strings(data, "frozen")
        for stage in frozen:
            if stage not in states:
                self.error("frozen", f"unknown state {stage!r}{self.hint(stage, states)}")
        transitions = self.transitions(data["transitions"], states, args)
        self.check_one_automatic(transitions)
        self.check_reachable(initial, states, transitions)
        self.check_frozen_stays_frozen(set(frozen), transitions)
        return Workflow(key, label, states, transitions, initial, frozenset(frozen), args, phases)

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

    def phases(self, table: Any) -> dict[str, Phase]:
        """Check the ``[phases.*]`` tables (label, audience, optional consults) and build Phase objects."""
        if not isinstance(table, dict) or not table:
            self.error("phases", "must be a non-empty table of [phases.<key>] tables")
        phases = {}
        for key, body in table.items():
            where, header = f"phases.{key}", self.table_line("phases", key)
            if not NAME.match(key):
                self.error(where, "phase keys must be lower_case names", header)
            if not isinstance(body, dict):
                self.error(where, "must be a table with label and audience", header)
            self.check_fields(body, PHASE_FIELDS, where, header)
            for field in REQUIRED_PHASE_FIELDS:
                if field not in body:
                    self.error(where, f"missing required field {field!r}", header)
            label, audience = (self.string(body, f, where, header) for f in REQUIRED_PHASE_FIELDS)
            consults = self.strings(body, "consults", where, header)
            for field, value in (("audience", audience), *(("consults", c) for c in consults)):
                if value not in AUDIENCES:
                    problem = f"unknown audience {value!r}{self.hint(value, AUDIENCES)} (expected one of {', '.join(AUDIENCES)})"
                    self.field_error(where, field, header, problem)
            phases[key] = Phase(key, label, audience, tuple(dict.fromkeys(consults)))
        return phases

    def states(self, table: Any, phases: dict[str, Phase]) -> dict[str, State]:
        """Check the ``[states.*]`` tables and build State objects, each in a declared phase."""
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
            for field in STATE_FIELDS:
                if field not in body:
                    self.error(where, f"missing required field {field!r}", header)
            label, phase = (self.string(body, f, where, header) for f in STATE_FIELDS)
            if phase not in phases:
                problem = f"unknown phase {phase!r}{self.hint(phase, phases)} (declare it under [phases.{phase}])"
                self.field_error(where, "phase", header, problem)
            states[key] = State(key, label, phase)
        empty = [key for key in phases if all(state.phase != key for state in states.values())]
        if empty:
            self.error(f"phases.{empty[0]}", "no state is in this phase", self.table_line("phases", empty[0]))
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
        lists = {f: self.strings(body, f, where, header) for f in LIST_FIELDS}
        if not lists["roles"]:
            self.field_error(where, "roles", header, f"{name!r}: needs at least one role")
        known = {
            "roles": (set(self.registry.role_names()), "role", ""),
            "guards": (set(self.registry.guard_names()), "guard", ""),
            "warnings": (set(self.registry.guard_names()), "guard", " (warnings name guards that only warn)"),
            "effects": (set(self.registry.effect_names()), "effect", ""),
            "args": (set(args), "argument", " (declare it under [args])"),
        }
        for field, (names, kind, advice) in known.items():
            for value in lists[field]:
                if value not in names:
                    problem = f"{name!r}: unknown {kind} {value!r}{self.hint(value, names)}"
                    self.field_error(where, field, header, problem + advice)
        roles, guards, warnings, effects, accepted = lists.values()
        both = [g for g in warnings if g in guards]
        if both:
            self.field_error(where, "warnings", header,
                             f"{name!r}: {both[0]!r} is listed in both guards (blocking) and warnings; keep one")
        outcome = self.outcome(where, body, header, name, effects)
        automatic = body.get("automatic_at_deadline", False)
        if not isinstance(automatic, bool):
            self.field_error(where, "automatic_at_deadline", header, f"{name!r}: must be true or false")
        return Transition(name, label, source, target, frozenset(roles),
                          tuple(guards), tuple(effects), tuple(accepted), outcome, tuple(warnings), automatic)  # fmt: skip

    def outcome(self, where: str, body: dict, header: int | None, name: str, effects: list[str]) -> str | None:
        """Check ``outcome``: required by effects that close something (close_consultation), refused elsewhere."""
        outcome = self.string(body, "outcome", where, header) if "outcome" in body else None
        choices = [self.registry.outcomes_of(e) for e in effects if self.registry.outcomes_of(e)]
        if not choices:
            if outcome is not None:
                users = [e for e in self.registry.effect_names() if self.registry.outcomes_of(e)]
                self.field_error(where, "outcome", header,
                                 f"{name!r}: none of its effects uses an outcome (only {', '.join(users) or 'none'} do)")
            return None
        allowed = [o for o in choices[0] if all(o in c for c in choices)]
        if outcome is None:
            self.field_error(where, "outcome", header,
                             f"{name!r}: missing required field 'outcome' (one of {', '.join(allowed)}), "
                             "saying how the consultation it closes ends")
        if outcome not in allowed:
            self.field_error(where, "outcome", header,
                             f"{name!r}: unknown outcome {outcome!r}{self.hint(outcome, allowed)} "
                             f"(expected one of {', '.join(allowed)})")
        return outcome

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

    def check_one_automatic(self, transitions: list[Transition]) -> None:
        """Refuse two transitions taken at the deadline from one state: the system could not choose."""
        headers = [n for n, text in enumerate(self.lines, 1) if TRANSITION_HEADER.match(text)]
        seen: dict[str, str] = {}
        for index, t in enumerate(transitions):
            if t.automatic_at_deadline and t.source in seen:
                self.field_error(f"transitions[{index}]", "automatic_at_deadline", headers[index] if index < len(headers) else None,
                                 f"{t.name!r}: {seen[t.source]!r} is already taken at the deadline from {t.source!r}")
            if t.automatic_at_deadline:
                seen[t.source] = t.name

    def check_frozen_stays_frozen(self, frozen: set[str], transitions: list[Transition]) -> None:
        """Refuse a transition that would take a frozen (final) text back to an editable state."""
        headers = [n for n, text in enumerate(self.lines, 1) if TRANSITION_HEADER.match(text)]
        for index, t in enumerate(transitions):
            if t.source in frozen and t.target not in frozen:
                header = headers[index] if index < len(headers) else None
                self.field_error(f"transitions[{index}]", "to", header,
                                 f"{t.name!r}: leads from the frozen state {t.source!r} to {t.target!r}, which is not "
                                 "frozen; a final text can only move to another frozen state (e.g. archived)")
