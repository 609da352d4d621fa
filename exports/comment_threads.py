"""Comments in reading order: threads parents-first, grouped by clause with the clause's number (any format)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from exports.docx.markdown_docx import plain_text
from exports.fixed_texts import Labels
from exports.model import ExportComment, ExportDocument
from positions import kinds


def thread_order(comments: Sequence[ExportComment]) -> list[tuple[ExportComment, int | None]]:
    """Order comments parents-first; pair each with the id of its thread root (None if top-level)."""
    by_id = {c.id: c for c in comments}
    children: dict[int, list[ExportComment]] = {}
    roots: list[ExportComment] = []
    for c in sorted(comments, key=lambda c: (c.created_at, c.id)):
        if c.parent_id is not None and c.parent_id in by_id and c.parent_id != c.id:
            children.setdefault(c.parent_id, []).append(c)
        else:
            roots.append(c)
    ordered: list[tuple[ExportComment, int | None]] = []
    for root in roots:
        ordered.append((root, None))
        stack = list(reversed(children.get(root.id, [])))
        seen = {root.id}
        while stack:
            child = stack.pop()
            if child.id in seen:
                continue
            seen.add(child.id)
            ordered.append((child, root.id))
            stack.extend(reversed(children.get(child.id, [])))
    return ordered


def grouped_comments(doc: ExportDocument, labels: Labels) -> Iterator[tuple[str, list[tuple[ExportComment, bool]]]]:
    """Yield (clause label, [(comment, is_reply)]) in clause order; unknown clauses last.

    The clause label is its number as every page shows it and its heading (or the start of its text): '2.1 Budget'.
    """
    clauses = doc.external_clauses()
    internal = {c.uid for c in doc.clauses if not kinds.is_exported(c.kind)}
    by_clause: dict[str, list[tuple[ExportComment, bool]]] = {}
    for comment, thread_root in thread_order(doc.comments):
        if comment.clause_uid in internal:
            continue  # internal notes, and remarks on them, never leave the building
        by_clause.setdefault(comment.clause_uid, []).append((comment, thread_root is not None))
    for clause in clauses:
        rows = by_clause.pop(clause.uid, None)
        if rows:
            title = clause.heading or _snippet(plain_text(clause.body))
            yield " ".join(x for x in (clause.number, title) if x), rows
    leftovers = [row for rows in by_clause.values() for row in rows]
    if leftovers:
        yield labels.unknown_clause, leftovers


def _snippet(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"
