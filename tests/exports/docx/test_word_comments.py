"""Comments as real Word comments: author, anchor on the quote, status, threaded replies."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exports.docx.markdown_docx import plain_text
from exports.docx.position_layout import render_position
from exports.model import ExportClause, ExportComment
from tests.exports.conftest import make_document
from tests.exports.helpers import NS, open_doc, q, xml


@pytest.fixture
def exported(document) -> bytes:
    return render_position(document, comments=True)


def _ranges(data: bytes) -> dict[str, str]:
    """Return comment id → text inside its range, read in document order."""
    root = xml(data)
    open_: dict[str, list[str]] = {}
    done: dict[str, str] = {}
    for element in root.iter(q("commentRangeStart"), q("commentRangeEnd"), q("t")):
        if element.tag == q("commentRangeStart"):
            open_[element.get(q("id"))] = []
        elif element.tag == q("commentRangeEnd"):
            done[element.get(q("id"))] = "".join(open_.pop(element.get(q("id"))))
        else:
            for parts in open_.values():
                parts.append(element.text or "")
    return done


def _comments(data: bytes) -> dict[str, dict[str, str]]:
    root = xml(data, "word/comments.xml")
    return {
        c.get(q("id")): {
            "author": c.get(q("author")),
            "initials": c.get(q("initials")),
            "date": c.get(q("date")),
            "text": "\n".join("".join(t.text or "" for t in p.iter(q("t"))) for p in c.iter(q("p"))),
            "para": c.findall(q("p"))[-1].get(f"{{{NS['w14']}}}paraId"),
        }
        for c in root.iter(q("comment"))
    }


def test_comments_are_word_comments_with_admin_in_author(exported):
    comments = open_doc(exported).comments
    authors = sorted(c.author for c in comments)
    assert authors == ["Anne Dubois (SPW-ARNE)", "Eva Martin (BXL-ENV)", "Jan Peeters (VL-OMG)",
                       "Marc Janssens (FPS-FA)", "Sofie Claes (BELSPO)"]


def test_comment_is_anchored_exactly_on_its_quote(exported):
    comments, ranges = _comments(exported), _ranges(exported)
    by_author = {c["author"]: cid for cid, c in comments.items()}
    assert ranges[by_author["Jan Peeters (VL-OMG)"]] == "rolling work programme"
    assert ranges[by_author["Marc Janssens (FPS-FA)"]] == "proposed budget"
    assert ranges[by_author["Sofie Claes (BELSPO)"]] == "developing countries"


def test_quote_not_found_anchors_whole_clause_and_keeps_quote(exported):
    comments, ranges = _comments(exported), _ranges(exported)
    cid = next(cid for cid, c in comments.items() if c["author"].startswith("Eva Martin"))
    assert ranges[cid].startswith("The nexus assessment") and ranges[cid].endswith("action plans.")
    assert "this phrase is not in the clause" in comments[cid]["text"]


def test_comment_text_has_kind_status_response_and_proposal(exported):
    texts = {c["author"]: c["text"] for c in _comments(exported).values()}
    marc = texts["Marc Janssens (FPS-FA)"]
    assert marc.startswith("Reservation: Budget figures still under review.")
    assert "Response: Figures confirmed on 5 May." in marc
    assert "Status: Resolved" in marc
    assert "Proposed text: No reduction for developing countries and SIDS." in texts["Sofie Claes (BELSPO)"]
    comment = next(c for c in _comments(exported).values() if c["author"].startswith("Jan"))
    assert comment["date"] == "2026-05-02T09:00:00Z" and comment["initials"] == "JP"


def test_replies_are_threaded_with_comments_extended(exported):
    comments, ranges = _comments(exported), _ranges(exported)
    parent = next(cid for cid, c in comments.items() if c["author"].startswith("Jan"))
    reply = next(cid for cid, c in comments.items() if c["author"].startswith("Anne"))
    assert ranges[reply] == ranges[parent] == "rolling work programme"
    extended = xml(exported, "word/commentsExtended.xml")
    entries = {e.get(f"{{{NS['w15']}}}paraId"): e for e in extended}
    reply_entry = entries[comments[reply]["para"]]
    assert reply_entry.get(f"{{{NS['w15']}}}paraIdParent") == comments[parent]["para"]
    resolved = next(cid for cid, c in comments.items() if c["author"].startswith("Marc"))
    assert entries[comments[resolved]["para"]].get(f"{{{NS['w15']}}}done") == "1"
    rels = open_doc(exported).part.rels.values()
    assert any(r.reltype.endswith("/commentsExtended") for r in rels)


def test_without_comments_option_there_are_none(document):
    data = render_position(document)
    assert len(open_doc(data).comments) == 0
    assert xml(data).find(f".//{q('commentRangeStart')}") is None


WORDS = ["the", "**budget**", "*capacity*", "`code`", "[link](https://ipbes.net)", "IPBES", "[2026]", "fund", "é"]


@settings(max_examples=30, deadline=None)
@given(words=st.lists(st.sampled_from(WORDS), min_size=2, max_size=15), data=st.data())
def test_any_quoted_phrase_gets_an_exact_range(words, data):
    body = " ".join(words)
    text = plain_text(body)
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    quote = text[start:end]
    if not quote.strip():
        return
    comment = ExportComment(1, "x", "comment", "c", "A", "BBPF", dt.datetime(2026, 1, 1), "open", quote=quote)
    doc = make_document(clauses=(ExportClause("x", "text", "", body),), comments=(comment,))
    assert list(_ranges(render_position(doc, comments=True)).values()) == [quote.strip()]
