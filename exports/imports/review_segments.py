"""A reviewed .docx's paragraphs grouped by clause: by the clause's bookmark, else by fuzzy matching of its text."""

from __future__ import annotations

from dataclasses import dataclass, field
from difflib import SequenceMatcher

from lxml import etree

from exports.docx.markdown_docx import plain_text
from exports.model import ExportClause

from .ooxml_read import ACCEPT, REJECT, mark_state, merged_texts, paragraph_text
from .structure import DocxStructure

FUZZY_THRESHOLD = 0.6


@dataclass
class Segment:
    """Consecutive paragraphs of one clause (uid and how it was matched: "bookmark", "fuzzy" or None)."""

    uid: str | None
    match: str | None
    paragraphs: list[etree._Element] = field(default_factory=list)
    number: str = ""  # a typed number at the start of the first paragraph
    structure: DocxStructure | None = None  # set when the first paragraph may carry a kind label
    inserted: bool = False  # a tracked new paragraph that starts a clause: a proposed new clause
    after: str | None = None  # for an inserted one: the clause it follows
    kind: str | None = None  # for an inserted one: the kind it was given (style or label)

    def texts(self, mode: str) -> list[str]:
        """Return the segment's paragraph texts after accept/reject, without number or kind label."""
        texts = merged_texts(self.paragraphs, mode)
        if texts and self.number and texts[0].startswith(self.number):
            texts[0] = texts[0][len(self.number):]
        if texts and self.structure is not None:
            texts[0] = texts[0][self.structure.label_end(texts[0]):]
        return [t.strip() for t in texts if t.strip()]


def normal(text: str) -> str:
    """Lower-cased text with runs of white space as one space, for comparing texts."""
    return " ".join(text.split()).lower()


def clause_segments(paragraphs: list[etree._Element], owner: dict, structure: DocxStructure) -> list[Segment]:
    """Group the body's paragraphs by clause: a bookmark owner, a new clause start, or a tracked new paragraph."""
    segments: list[Segment] = []
    previous_style, previous_mark, last_uid = "", None, None
    for p in paragraphs:
        uid = owner.get(p)
        old_text = paragraph_text(p, REJECT)
        text = old_text or paragraph_text(p, ACCEPT)
        info = structure.classify(p, previous_style, text)
        previous_style = structure.style_name(p)
        # Word marks the paragraph mark before a new paragraph as inserted (Enter at the end of a clause), or its own
        new = not old_text.strip() and bool(text.strip()) and "ins" in (mark_state(p), previous_mark)
        previous_mark = mark_state(p)
        if new and (info.start or (segments and segments[-1].inserted)):
            if segments and segments[-1].inserted and not info.start:
                segments[-1].paragraphs.append(p)
            else:
                labelled = None if info.heading or info.title else structure
                segments.append(Segment(None, None, [p], text[: info.number_length], labelled, True, last_uid,
                                         info.kind or "text"))
            continue
        if uid is not None:
            last_uid = uid
        if uid is not None and segments and segments[-1].uid == uid and segments[-1].match:
            segments[-1].paragraphs.append(p)
        elif uid is not None or not segments or info.start:
            labelled = None if info.heading or info.title else structure
            segments.append(Segment(uid, "bookmark" if uid else None, [p], text[: info.number_length], labelled))
        else:
            segments[-1].paragraphs.append(p)
    return segments


def fuzzy_match(segments: list[Segment], known: list[ExportClause]) -> None:
    """Give each segment without a bookmark the clause whose text it is closest to (at least FUZZY_THRESHOLD)."""
    texts = [(c.uid, normal(f"{c.heading}\n{plain_text(c.body)}")) for c in known]
    exact = {text: uid for uid, text in texts}
    after = {uid: i + 1 for i, (uid, _) in enumerate(texts)}  # try the clause after the last match first
    position = 0
    for segment in segments:
        if segment.match == "bookmark":
            position = after.get(segment.uid or "", position)
            continue
        text = normal(" ".join(segment.texts(REJECT)))[:3000]
        if not text:
            continue
        best_uid, best = exact.get(text), 1.0 if text in exact else 0.0
        order = texts[position:] + texts[:position]
        for uid, candidate in order if best_uid is None else []:
            matcher = SequenceMatcher(None, text, candidate[:3000], autojunk=False)
            if matcher.real_quick_ratio() < max(best, FUZZY_THRESHOLD):
                continue
            if matcher.quick_ratio() < max(best, FUZZY_THRESHOLD):
                continue
            ratio = matcher.ratio()
            if ratio > best:
                best_uid, best = uid, ratio
            if best >= 0.9:
                break
        if best_uid is not None and best >= FUZZY_THRESHOLD:
            segment.uid, segment.match = best_uid, "fuzzy"
            position = after.get(best_uid, position)
    last_uid = None
    for segment in segments:  # a new clause follows the clause before it, however that one was matched
        if segment.inserted:
            segment.after = last_uid
        elif segment.uid is not None:
            last_uid = segment.uid
