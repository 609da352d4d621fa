"""Comments in reading order, whatever the format: threads parents-first, grouped by numbered clause."""

from __future__ import annotations

import dataclasses

from exports.comment_threads import grouped_comments, thread_order
from exports.fixed_texts import Labels


def test_thread_order_puts_parents_first(document):
    ordered = thread_order(list(reversed(document.comments)))
    ids = [c.id for c, _ in ordered]
    assert ids.index(1) < ids.index(2)
    assert dict((c.id, root) for c, root in ordered)[2] == 1


def test_groups_follow_clause_order_with_numbers_and_skip_internal_notes(document):
    groups = [(label, [c.id for c, _ in rows]) for label, rows in grouped_comments(document, Labels())]
    assert [(label.split()[0], ids) for label, ids in groups] == [("2.1", [1, 2]), ("2.2", [3]), ("2.3", [5]), ("3.1", [4])]
    unnumbered = dataclasses.replace(document, clauses=tuple(dataclasses.replace(c, number="") for c in document.clauses))
    assert next(grouped_comments(unnumbered, Labels()))[0].startswith("Belgium welcomes")
