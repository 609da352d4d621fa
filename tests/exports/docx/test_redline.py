"""Redline: tracked changes that accept to the newer version and reject to the older one."""

from __future__ import annotations

import dataclasses

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exports.docx.position_layout import render_position
from exports.docx.redline import aligned, clause_paragraphs
from exports.imports.ooxml_read import accept_all, reject_all
from exports.model import ExportClause, numbered
from tests.exports.conftest import make_document
from tests.exports.helpers import q, xml


def _expected(doc) -> list[str]:
    return [text for c in doc.external_clauses() for text in clause_paragraphs(c)]


def _newer(document):
    """Version 4: c1 and c7 edited, c2 turned into a red line, a clause added after c3, the fallback c4 removed."""
    clauses = []
    for clause in document.clauses:
        if clause.uid == "c1":
            clause = dataclasses.replace(clause, body=clause.body.replace("welcomes", "warmly welcomes"))
        elif clause.uid == "c2":
            clause = dataclasses.replace(clause, kind="red_line", body="Belgium supports the budget.\n\n- capacity building")
        elif clause.uid == "c4":
            continue
        elif clause.uid == "c7":
            clause = dataclasses.replace(clause, body="Only text now.")
        clauses.append(clause)
        if clause.uid == "c3":
            clauses.append(ExportClause("new1", "text", "", "A new clause.\n\nIn two paragraphs."))
    return dataclasses.replace(document, clauses=numbered(clauses), version_label="v4", author="BBPF pen-holder")


def test_accept_all_gives_newer_and_reject_all_gives_older(document):
    newer = _newer(document)
    data = render_position(newer, redline_from=document)
    assert accept_all(data, clauses_only=True) == _expected(newer)
    assert reject_all(data, clauses_only=True) == _expected(document)


def test_expected_texts_are_the_plain_clause_texts(document):
    assert clause_paragraphs(document.clauses[3]) == [
        "Line to take: Budget\nBelgium supports the proposed budget for [2026] [2027].",
        "capacity building",
        "knowledge generation",
    ]


def test_tracked_changes_carry_author_date_and_unique_ids(document):
    data = render_position(_newer(document), redline_from=document)
    root = xml(data)
    marks = list(root.iter(q("ins"), q("del")))
    assert marks and all(m.get(q("author")) == "BBPF pen-holder" for m in marks)
    assert all(m.get(q("date")) == "2026-05-09T00:00:00Z" for m in marks)
    ids = [e.get(q("id")) for e in root.iter(q("ins"), q("del"), q("bookmarkStart"))]
    assert len(ids) == len(set(ids))
    deleted = [t.text for t in root.iter(q("delText"))]
    assert any("delay of one year" in t for t in deleted)


def test_added_clause_has_inserted_paragraph_marks_and_removed_clause_deleted_ones(document):
    root = xml(render_position(_newer(document), redline_from=document))
    paragraphs = list(root.iter(q("p")))
    added = [p for p in paragraphs if "A new clause." in "".join(t.text or "" for t in p.iter(q("t")))][0]
    assert added.find(f"{q('pPr')}/{q('rPr')}/{q('ins')}") is not None
    removed = [p for p in paragraphs if "delay of one year" in "".join(t.text or "" for t in p.iter(q("delText")))][0]
    assert removed.find(f"{q('pPr')}/{q('rPr')}/{q('del')}") is not None
    assert removed.find(q("ins")) is None and removed.find(q("r")) is None


def test_kind_change_is_a_tracked_change_of_the_label(document):
    root = xml(render_position(_newer(document), redline_from=document))
    deleted = [t.text for t in root.iter(q("delText"))]
    inserted = [t.text for ins in root.iter(q("ins")) for t in ins.iter(q("t"))]
    assert "Line to take" in deleted and "Red line" in inserted


def test_removed_clauses_stay_near_their_old_place():
    a, b, c = (ExportClause(u, "text", "", u) for u in "abc")
    pairs = aligned([a, b, c], [a, c])
    assert [(o and o.uid, n and n.uid) for o, n in pairs] == [("a", "a"), ("b", None), ("c", "c")]


def test_redline_with_comments_still_accepts_cleanly(document):
    newer = _newer(document)
    data = render_position(newer, redline_from=document, comments=True)
    assert accept_all(data, clauses_only=True) == _expected(newer)
    assert xml(data).find(f".//{q('commentRangeStart')}") is not None


WORDS = ["the", "budget", "Belgium", "supports", "[2026]", "**strongly**", "*all*", "fund", "IPBES", "and",
         "of", "assessment", "nexus", "capacity", "-", "(a)", "`code`", "1.5", "é", "Walloon"]


@st.composite
def edited_texts(draw):
    def paragraph():
        return " ".join(draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=12)))

    old = draw(st.lists(st.builds(paragraph), min_size=1, max_size=3))
    new = [list(p.split(" ")) for p in old]
    for _ in range(draw(st.integers(0, 6))):
        index = draw(st.integers(0, len(new) - 1))
        words = new[index]
        action = draw(st.sampled_from(["insert", "delete", "replace", "split", "join"]))
        position = draw(st.integers(0, max(len(words) - 1, 0)))
        if action == "insert":
            words.insert(position, draw(st.sampled_from(WORDS)))
        elif action == "delete" and len(words) > 1:
            del words[position]
        elif action == "replace":
            words[position] = draw(st.sampled_from(WORDS))
        elif action == "split" and 0 < position < len(words):
            new[index:index + 1] = [words[:position], words[position:]]
        elif action == "join" and index + 1 < len(new):
            new[index:index + 2] = [words + new[index + 1]]
    return "\n\n".join(old), "\n\n".join(" ".join(p) for p in new)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts=edited_texts(), kinds=st.sampled_from([("text", "text"), ("line_to_take", "red_line"), ("fallback", "fallback")]),
       headings=st.sampled_from([("", ""), ("Budget", "Budget"), ("", "New heading"), ("Old", "")]))
def test_random_word_edits_round_trip(texts, kinds, headings):
    old_body, new_body = texts
    old = make_document(clauses=(ExportClause("x", kinds[0], headings[0], old_body),
                                 ExportClause("y", "text", "", "Unchanged clause.")), comments=())
    new = make_document(clauses=(ExportClause("x", kinds[1], headings[1], new_body),
                                 ExportClause("y", "text", "", "Unchanged clause.")), comments=())
    data = render_position(new, redline_from=old)
    assert accept_all(data, clauses_only=True) == _expected(new)
    assert reject_all(data, clauses_only=True) == _expected(old)
