"""The Belgian position beside the EU text it became, with the EU changes that touch a red line (design section 10).

For Belgian readers only (a delegate is told nothing is there). The EU text now (the EU draft while the EU phase
runs, else the newest EU version) is read section by section: a section is a heading and the clauses after it,
up to the next heading (clauses before the first heading form a section of their own). Beside each EU clause
stand the Belgian lines to take, fallbacks and red lines of its section, with their numbers in the full text.

The EU phase's changes are those since the text it started from: the last version taken before the EU phase
(the agreed Belgian position; EU version 1 when there is none), compared with the EU text now clause by clause,
word by word. An EU clause is flagged when its changes touch a red line of its section, in the sense of
positions.text.red_lines (a deleted or inserted significant word of the red line, or one of its quoted phrases).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from positions.errors import Conflict
from positions.kinds import KIND
from positions.messages import Msg
from positions.models import Position, User, Version
from positions.services.comparing import snapshots_of
from positions.services.drafting import DraftClause, draft
from positions.services.positions import get_position
from positions.services.versions import version_clauses
from positions.text.compare import REMOVED, ClauseChange, compare
from positions.text.red_lines import Touch, touch
from workflows.eu_text import eu_versions, has_eu_text, in_eu_phase, shared
from workflows.service import workflow_for

BELGIAN_LINES = ("line_to_take", "fallback", "red_line")


@dataclass(frozen=True)
class RedLineTouch:
    """A red line of the section that an EU clause's changes touch, and how."""

    red_line: DraftClause
    touch: Touch


@dataclass(frozen=True)
class EuClause:
    """An EU clause now (or one the EU phase removed), its EU numbers then and now, its changes and its flags."""

    change: ClauseChange
    number: str | None  # its EU number now; None when removed
    was_number: str | None  # its EU number in the text the EU phase started from; None when added
    touches: list[RedLineTouch]

    @property
    def heading(self) -> str:
        return (self.change.new or self.change.old).heading

    @property
    def body(self) -> str:
        return (self.change.new or self.change.old).body

    @property
    def kind(self) -> str:
        return (self.change.new or self.change.old).kind


@dataclass
class Section:
    """A section of the text: its EU clauses and the Belgian lines beside them."""

    uid: str | None  # its heading's clause uid; None before the first heading
    clauses: list[EuClause] = field(default_factory=list)
    lines: list[DraftClause] = field(default_factory=list)

    @property
    def red_lines(self) -> list[DraftClause]:
        return [line for line in self.lines if line.revision.kind == "red_line"]


@dataclass(frozen=True)
class EuCheck:
    """The whole check: what was compared (version numbers, None for the draft) and the sections."""

    start: Version | None
    now_eu_version: int | None  # EU version shown as "now"; None: the EU draft
    sections: list[Section]

    @property
    def number(self) -> int | None:
        """The EU version compared with the start (None: the EU draft), as the EU pages label it."""
        return self.now_eu_version

    @property
    def flagged(self) -> int:
        return sum(1 for s in self.sections for c in s.clauses if c.touches)


def belgian_position(session: Session, user: User, position_id: int) -> Position:
    """The position for a Belgian reader once its EU phase has started; never for a delegate (not there)."""
    position = get_position(session, user, position_id)  # a delegate is told it is not there
    if not has_eu_text(session, position):
        raise Conflict(Msg("The EU phase of this position has not started yet: there is no EU text to set beside "
                           "the Belgian position."), {"stage": position.stage})
    return position


def start_version(session: Session, position: Position) -> Version | None:
    """The text the EU phase started from: the last version before it, else EU version 1 (None: no version yet)."""
    taken = eu_versions(session, position)
    query = select(Version).where(Version.position_id == position.id,
                                  Version.stage.not_in(workflow_for(position).stages_for("eu")))
    if taken:
        query = query.where(Version.number < taken[0].number)
    before = session.scalar(query.order_by(Version.number.desc()).limit(1))
    return before or (taken[0] if taken else None)


def _sections_of(clauses: list[DraftClause]) -> dict[str, str | None]:
    """Each clause's section: the uid of the heading it stands under (a heading stands under itself)."""
    section, found = None, {}
    for clause in clauses:
        if KIND[clause.revision.kind].is_section:
            section = clause.uid
        found[clause.uid] = section
    return found


def eu_check(session: Session, position: Position) -> EuCheck:
    """Each EU clause beside the Belgian lines of its section, flagged where its EU changes touch a red line."""
    if in_eu_phase(position):
        now_number, clauses = None, draft(session, position)
    else:
        taken = eu_versions(session, position)
        now_number, clauses = len(taken), version_clauses(session, taken[-1])
    start = start_version(session, position)
    old, new = (shared(version_clauses(session, start)) if start else shared(clauses)), shared(clauses)
    section_of, old_section = _sections_of(clauses), _sections_of(old)
    sections = {uid: Section(uid) for uid in dict.fromkeys([None, *section_of.values()])}
    for clause in clauses:
        if clause.revision.kind in BELGIAN_LINES:
            sections[section_of[clause.uid]].lines.append(clause)
    new_numbers, old_numbers = {c.uid: c.number for c in new}, {c.uid: c.number for c in old}
    previous = None
    for change in compare(snapshots_of(old), snapshots_of(new)).entries:
        if change.status == REMOVED:
            home = old_section.get(change.uid)
            section = sections[home] if home in sections and home != change.uid else sections[previous]
        else:
            section = sections[section_of[change.uid]]
        touches = [RedLineTouch(line, found) for line in section.red_lines
                   if (found := touch(line.revision.body, [*change.heading_ops, *change.body_ops],
                                      _text(change.old), _text(change.new)))]
        section.clauses.append(EuClause(change, new_numbers.get(change.uid), old_numbers.get(change.uid), touches))
        previous = section.uid
    kept = [s for s in sections.values() if s.clauses or s.lines]
    return EuCheck(start, now_number, kept)


def _text(snapshot) -> str:
    return f"{snapshot.heading}\n{snapshot.body}" if snapshot is not None else ""
