"""Clause kinds: ONE table that the models, numbering, Word exports, the brief, the import, the pages and the API read.

Adding a kind is adding a row here, and translating its label (and brief section title) in the catalogues.
Labels are English; the interface and the Word labels translate them (they are extracted for translation).
"""

from __future__ import annotations

from dataclasses import dataclass

from positions.messages import N_
from positions.text.numbering import number_clauses


@dataclass(frozen=True)
class Look:
    """How a kind stands out on the page and in Word (never by colour alone: the border's style differs too)."""

    border: str = ""  # Word's border pattern: single, dashed, double, dotted ("" for none)
    width: int = 0  # border width in eighths of a point (Word); the page shows it in pixels, / 6
    colour: str = "6B6B6B"  # border and badge colour, hex without '#'
    fill: str = ""  # background, hex without '#' ("" for none)
    italic: bool = False


@dataclass(frozen=True)
class ClauseKind:
    """One kind of clause and everything that depends on it."""

    code: str
    label: str  # the reader's name for it
    numbering: str  # "section" opens a numbered section (1.), "clause" is numbered (1.1 in a section), "none"
    exported: bool  # leaves the building (Word, CSV, the brief, outside readers): internal notes never do
    brief_section: str | None  # its section's title in the plenary brief (None: not a section of the brief)
    style: str  # Word paragraph style name (what the Word import recognises, too)
    labelled: bool  # Word writes its label in front of the text ("Line to take: …")
    look: Look = Look()
    shared_with_eu: bool = False  # the other member states read it in the EU phase (Belgium's lines never)

    @property
    def is_section(self) -> bool:
        """A section title (a heading): its text is the heading, the body is optional."""
        return self.numbering == "section"

    @property
    def style_id(self) -> str:
        """The Word style id: the style name without spaces."""
        return self.style.replace(" ", "")

    @property
    def css_class(self) -> str:
        """The CSS class of its clauses on the page."""
        return f"kind-{self.code}"


KINDS: tuple[ClauseKind, ...] = (
    ClauseKind("heading", N_("Heading"), "section", True, None, "Heading 1", False, shared_with_eu=True),
    ClauseKind("text", N_("Text"), "clause", True, None, "Clause", False, shared_with_eu=True),
    ClauseKind("line_to_take", N_("Line to take"), "clause", True, N_("Lines to take"), "Line to take", True,
               Look("single", 24, "2E7D32", "EDF5EE")),
    ClauseKind("fallback", N_("Fallback"), "clause", True, N_("Fallback"), "Fallback", True,
               Look("dashed", 18, "B26A00", "FFF6E5")),
    ClauseKind("red_line", N_("Red line"), "clause", True, N_("Red lines"), "Red line", True,
               Look("double", 18, "B71C1C", "FDECEC")),
    ClauseKind("background", N_("Background"), "clause", True, N_("Background"), "Background", True,
               Look("dotted", 12, "6B6B6B", "", italic=True)),
    ClauseKind("internal_note", N_("Internal note"), "none", False, None, "Internal note", True,
               Look("single", 18, "997404", "FFF8E1", italic=True)),
)
KIND = {kind.code: kind for kind in KINDS}
CLAUSE_KINDS = tuple(KIND)
EXPORTED_KINDS = tuple(k.code for k in KINDS if k.exported)
BRIEF_KINDS = tuple(k.code for k in KINDS if k.brief_section and k.exported)
EU_SHARED_KINDS = tuple(k.code for k in KINDS if k.shared_with_eu and k.exported)


def kind_of(code: str) -> ClauseKind:
    """The kind with this code (KeyError for an unknown one: validate with CLAUSE_KINDS first)."""
    return KIND[code]


def is_exported(code: str) -> bool:
    """Whether clauses of this kind may leave the building."""
    return code in KIND and KIND[code].exported


def clause_numbers(kinds: list[str]) -> list[tuple[str, int]]:
    """The number and level of each clause of a list, the way every page, Word file and table shows them."""
    return number_clauses([KIND[k].numbering if k in KIND else "clause" for k in kinds])
