"""Reading a reviewed file: Word comments and tracked changes, matched back to clauses by bookmark or text."""

from __future__ import annotations

import pytest
from lxml import etree

from exports.docx.position_layout import render_position
from exports.imports.ooxml_read import bookmark_owner
from exports.imports.reviewed_reader import parse_reviewed
from tests.exports.helpers import add_comment, build, parts, q, strip_bookmarks, track_replace

PHRASE = "national biodiversity strategies"


@pytest.fixture
def reviewed(document) -> bytes:
    exported = render_position(document)
    edited = add_comment(exported, PHRASE, "Please also mention NBSAP updates.")
    return track_replace(edited, "No reduction", "No cut or freeze")


def _check_review(result, match: str) -> None:
    assert len(result.comments) == 1
    comment = result.comments[0]
    assert (comment.clause_uid, comment.quote, comment.body, comment.author, comment.match) == (
        "c3", PHRASE, "Please also mention NBSAP updates.", "Katrien Vos", match)
    assert comment.date is not None and comment.date.year == 2026 and comment.exported_id is None
    assert len(result.amendments) == 1
    amendment = result.amendments[0]
    assert (amendment.clause_uid, amendment.author, amendment.match) == ("c5", "Katrien Vos", match)
    assert amendment.old_text == "No reduction of the trust fund contributions for developing countries."
    assert amendment.new_text == "No cut or freeze of the trust fund contributions for developing countries."
    assert result.unmatched == []


def test_reviewed_file_maps_comment_and_amendment_by_bookmark(document, reviewed):
    _check_review(parse_reviewed(reviewed, list(document.clauses)), "bookmark")


def test_lost_bookmarks_fall_back_to_fuzzy_text_match(document, reviewed):
    _check_review(parse_reviewed(strip_bookmarks(reviewed), list(document.clauses)), "fuzzy")


def test_fingerprints_are_stable_and_distinct(document, reviewed):
    first = parse_reviewed(reviewed, list(document.clauses))
    again = parse_reviewed(strip_bookmarks(reviewed), list(document.clauses))
    assert first.fingerprint == again.fingerprint
    assert first.comments[0].fingerprint == again.comments[0].fingerprint
    assert first.comments[0].fingerprint != first.amendments[0].fingerprint
    other = parse_reviewed(add_comment(reviewed, "trust fund", "Another."), list(document.clauses))
    assert other.fingerprint != first.fingerprint


def test_what_cannot_be_matched_is_reported_not_dropped(document):
    exported = render_position(document)
    edited = add_comment(exported, "Belgian position on the IPBES", "Title is too long.")
    result = parse_reviewed(edited, list(document.clauses))
    assert result.comments[0].clause_uid is None and result.comments[0].match is None
    assert result.unmatched and "Title is too long." in result.unmatched[0]


def test_clauses_unknown_to_the_app_are_not_matched(document, reviewed):
    known = [c for c in document.clauses if c.uid != "c5"]
    result = parse_reviewed(reviewed, known)
    assert result.amendments[0].clause_uid is None
    assert any("No cut or freeze" in line for line in result.unmatched)


def test_exported_comments_coming_back_are_recognised(document):
    data = render_position(document, comments=True)
    result = parse_reviewed(data, list(document.clauses))
    by_id = {c.exported_id: c for c in result.comments}
    assert set(by_id) == {1, 2, 3, 4, 5}
    assert by_id[1].clause_uid == "c1" and by_id[1].quote == "rolling work programme"
    assert by_id[2].parent_word_id == by_id[1].word_comment_id
    assert by_id[1].author == "Jan Peeters (VL-OMG)"


def test_bookmark_end_moved_into_next_paragraph_does_not_capture_it():
    xml = (
        f'<w:document xmlns:w="{q("x")[1:-2]}"><w:body>'
        '<w:p><w:bookmarkStart w:id="1" w:name="c_a"/><w:r><w:t>A</w:t></w:r></w:p>'
        '<w:p><w:bookmarkEnd w:id="1"/><w:bookmarkStart w:id="2" w:name="c_b"/><w:r><w:t>B</w:t></w:r></w:p>'
        '<w:p><w:r><w:t>B2</w:t></w:r><w:bookmarkEnd w:id="2"/></w:p>'
        '<w:p><w:r><w:t>after</w:t></w:r></w:p>'
        "</w:body></w:document>"
    )
    root = etree.fromstring(xml)
    owner = bookmark_owner(root, lambda name: name[2:])
    assert [owner.get(p) for p in root.iter(q("p"))] == ["a", "b", "b", None]


def test_new_paragraph_typed_by_reviewer_is_a_proposed_new_clause_after_the_one_it_follows(document):
    files = parts(render_position(document))
    root = etree.fromstring(files["word/document.xml"])
    clause = next(p for p in root.iter(q("p")) if "No reduction" in "".join(t.text or "" for t in p.iter(q("t"))))
    new = etree.fromstring(etree.tostring(clause))
    for child in list(new):
        if child.tag != q("pPr"):
            new.remove(child)
    rpr = etree.SubElement(new.find(q("pPr")), q("rPr"))
    etree.SubElement(rpr, q("ins"), {q("id"): "77", q("author"): "Reviewer", q("date"): "2026-05-20T00:00:00Z"})
    ins = etree.SubElement(new, q("ins"), {q("id"): "78", q("author"): "Reviewer", q("date"): "2026-05-20T00:00:00Z"})
    etree.SubElement(etree.SubElement(ins, q("r")), q("t")).text = "Belgium proposes an extra clause on SIDS."
    clause.addnext(new)
    files["word/document.xml"] = etree.tostring(root)
    result = parse_reviewed(build(files), list(document.clauses))
    assert [(a.clause_uid, a.new_clause_kind, a.old_text, a.new_text) for a in result.amendments] == [
        ("c5", "red_line", "", "Belgium proposes an extra clause on SIDS.")]
    assert result.unmatched == []
