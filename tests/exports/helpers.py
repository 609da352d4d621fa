"""Read exported .docx files back with python-docx and lxml, and edit them as a reviewer would."""

from __future__ import annotations

import io
import zipfile

import docx
from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {
    "w": W,
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "w14": "http://schemas.microsoft.com/office/word/2010/wordml",
    "w15": "http://schemas.microsoft.com/office/word/2012/wordml",
    "v": "urn:schemas-microsoft-com:vml",
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dc": "http://purl.org/dc/elements/1.1/",
}


def q(tag: str) -> str:
    """Clark name of a w: tag."""
    return f"{{{W}}}{tag}"


def parts(data: bytes) -> dict[str, bytes]:
    """Return every part of a .docx by name."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def xml(data: bytes, name: str = "word/document.xml") -> etree._Element:
    """Parse one part of a .docx."""
    return etree.fromstring(parts(data)[name])


def build(parts_by_name: dict[str, bytes]) -> bytes:
    """Zip parts back into a .docx."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts_by_name.items():
            archive.writestr(name, content)
    return out.getvalue()


def open_doc(data: bytes) -> docx.document.Document:
    """Open with python-docx."""
    return docx.Document(io.BytesIO(data))


def text_of(element: etree._Element) -> str:
    """Concatenate the w:t text under an element."""
    return "".join(t.text or "" for t in element.iter(q("t")))


def bookmark_paragraphs(root: etree._Element) -> dict[str, list[etree._Element]]:
    """Map bookmark name → paragraphs between its start and end."""
    found: dict[str, list[etree._Element]] = {}
    for start in root.iter(q("bookmarkStart")):
        bid, name = start.get(q("id")), start.get(q("name"))
        p = next(start.iterancestors(q("p")))
        collected = []
        while p is not None:
            collected.append(p)
            if p.find(f".//{q('bookmarkEnd')}[@{q('id')}='{bid}']") is not None:
                break
            p = p.getnext()
        found[name] = collected
    return found


def _find_run(root: etree._Element, phrase: str) -> tuple[etree._Element, int]:
    for t in root.iter(q("t")):
        if t.text and phrase in t.text:
            return t.getparent(), t.text.index(phrase)
    raise AssertionError(f"phrase {phrase!r} not found")


def _isolate(root: etree._Element, phrase: str) -> etree._Element:
    """Split the run holding `phrase` so one run holds exactly the phrase; return that run."""
    run, index = _find_run(root, phrase)
    text = run.find(q("t")).text
    pieces = [text[:index], phrase, text[index + len(phrase):]]
    copies = []
    for piece in pieces:
        copy = etree.fromstring(etree.tostring(run))
        copy.find(q("t")).text = piece
        copies.append(copy)
    for copy in reversed(copies):
        if copy.find(q("t")).text:
            run.addnext(copy)
    middle = next(c for c in copies if c.find(q("t")).text == phrase)
    run.getparent().remove(run)
    return middle


def _el(tag: str, **attrs: str) -> etree._Element:
    element = etree.Element(q(tag))
    for key, value in attrs.items():
        element.set(q(key), value)
    return element


def add_comment(data: bytes, phrase: str, body: str, author: str = "Katrien Vos",
                date: str = "2026-05-20T10:00:00Z") -> bytes:
    """Add a Word comment on `phrase`, as Word does (range, reference run, comments part)."""
    files = parts(data)
    root = etree.fromstring(files["word/document.xml"])
    comments_root = (etree.fromstring(files["word/comments.xml"]) if "word/comments.xml" in files
                     else etree.Element(q("comments"), nsmap={"w": W}))
    cid = str(max([int(c.get(q("id"))) for c in comments_root] + [900]) + 1)
    run = _isolate(root, phrase)
    run.addprevious(_el("commentRangeStart", id=cid))
    end = _el("commentRangeEnd", id=cid)
    run.addnext(end)
    ref = _el("r")
    ref.append(_el("commentReference", id=cid))
    end.addnext(ref)
    comment = etree.SubElement(comments_root, q("comment"))
    for key, value in (("id", cid), ("author", author), ("date", date), ("initials", "KV")):
        comment.set(q(key), value)
    paragraph = etree.SubElement(comment, q("p"))
    etree.SubElement(etree.SubElement(paragraph, q("r")), q("annotationRef"))
    etree.SubElement(etree.SubElement(paragraph, q("r")), q("t")).text = body
    if "word/comments.xml" not in files:
        types = etree.fromstring(files["[Content_Types].xml"])
        override = etree.SubElement(types, "{http://schemas.openxmlformats.org/package/2006/content-types}Override")
        override.set("PartName", "/word/comments.xml")
        override.set("ContentType", "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml")
        files["[Content_Types].xml"] = etree.tostring(types)
        rels = etree.fromstring(files["word/_rels/document.xml.rels"])
        rel = etree.SubElement(rels, "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship")
        rel.set("Id", "rIdReview1")
        rel.set("Type", "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments")
        rel.set("Target", "comments.xml")
        files["word/_rels/document.xml.rels"] = etree.tostring(rels)
    files["word/comments.xml"] = etree.tostring(comments_root, xml_declaration=True, encoding="UTF-8")
    files["word/document.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    return build(files)


def track_replace(data: bytes, old: str, new: str, author: str = "Katrien Vos",
                  date: str = "2026-05-20T10:05:00Z") -> bytes:
    """Replace `old` by `new` as a tracked deletion followed by a tracked insertion."""
    files = parts(data)
    root = etree.fromstring(files["word/document.xml"])
    run = _isolate(root, old)
    deletion = _el("del", id="9001", author=author, date=date)
    run.addprevious(deletion)
    deletion.append(run)
    t = run.find(q("t"))
    t.tag = q("delText")
    insertion = _el("ins", id="9002", author=author, date=date)
    new_run = etree.fromstring(etree.tostring(run))
    new_run.find(q("delText")).tag = q("t")
    new_run.find(q("t")).text = new
    insertion.append(new_run)
    deletion.addnext(insertion)
    files["word/document.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    return build(files)


def strip_bookmarks(data: bytes) -> bytes:
    """Remove every bookmark, as happens when text is copied into a fresh document."""
    files = parts(data)
    root = etree.fromstring(files["word/document.xml"])
    for element in list(root.iter(q("bookmarkStart"), q("bookmarkEnd"))):
        element.getparent().remove(element)
    files["word/document.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    return build(files)


def zip_bomb(megabytes: int) -> bytes:
    """A .docx-looking zip with one member of `megabytes` MB of zeros, written streaming (small on disk)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        archive.writestr("word/document.xml", b"<document/>")
        chunk = bytes(2**20)
        with archive.open("word/media/image1.png", "w", force_zip64=True) as member:
            for _ in range(megabytes):
                member.write(chunk)
    return out.getvalue()


def _decide_changes(data: bytes, keep: str) -> bytes:
    """Accept (keep='ins') or reject (keep='del') every tracked change, as Word does, and return the .docx."""
    drop = "del" if keep == "ins" else "ins"
    files = parts(data)
    root = etree.fromstring(files["word/document.xml"])
    for mark in list(root.iter(q(drop))):
        if mark.getparent().tag != q("rPr"):  # tracked text to throw away
            mark.getparent().remove(mark)
    for mark in list(root.iter(q(keep))):
        if mark.getparent().tag != q("rPr"):  # tracked text to keep: unwrap it
            for child in mark:
                for text in child.iter(q("delText")):
                    text.tag = q("t")
                mark.addprevious(child)
            mark.getparent().remove(mark)
    for p in list(root.iter(q("p"))):
        gone = p.find(f"{q('pPr')}/{q('rPr')}/{q(drop)}")
        following = p.getnext()
        if gone is not None and following is not None and following.tag == q("p"):
            # its paragraph mark goes: what is left joins the next paragraph, which keeps its own properties
            anchor = following.find(q("pPr"))
            for child in reversed([c for c in p if c.tag != q("pPr")]):
                if anchor is not None:
                    anchor.addnext(child)
                else:
                    following.insert(0, child)
            p.getparent().remove(p)
    for marker in list(root.iter(q(keep))):
        marker.getparent().remove(marker)
    files["word/document.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    return build(files)


def accept_changes(data: bytes) -> bytes:
    """The .docx with every tracked change accepted."""
    return _decide_changes(data, "ins")


def reject_changes(data: bytes) -> bytes:
    """The .docx with every tracked change rejected."""
    return _decide_changes(data, "del")


def clause_scheme(data: bytes) -> tuple[list[str], set[str]]:
    """The level texts of the clause numbering ("%1.", "%1.%2") and the numIds that use it."""
    numbering = xml(data, "word/numbering.xml")
    abstract = numbering.xpath("w:abstractNum[w:name/@w:val='Plenipo clauses']", namespaces=NS)[0]
    levels = [lvl.find(q("lvlText")).get(q("val")) for lvl in abstract.findall(q("lvl"))]
    abstract_id = abstract.get(q("abstractNumId"))
    return levels, set(numbering.xpath(f"w:num[w:abstractNumId/@w:val='{abstract_id}']/@w:numId", namespaces=NS))


def word_numbers(data: bytes) -> dict[str, str]:
    """The number Word gives each clause's first paragraph (by bookmark), counting as Word does."""
    lvl_texts, num_ids = clause_scheme(data)
    counters: dict[str, list[int]] = {}
    numbers: dict[str, str] = {}
    for name, paragraphs in bookmark_paragraphs(xml(data)).items():
        num_pr = paragraphs[0].find(f"{q('pPr')}/{q('numPr')}")
        num, level = num_pr.find(q("numId")).get(q("val")), int(num_pr.find(q("ilvl")).get(q("val")))
        assert num in num_ids
        count = counters.setdefault(num, [0] * len(lvl_texts))
        count[level] += 1
        count[level + 1:] = [0] * (len(count) - level - 1)
        numbers[name] = lvl_texts[level].replace("%1", str(count[0])).replace("%2", str(count[1]))
    return numbers
