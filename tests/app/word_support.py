"""Shared builders for the Word tests: a commented position, reviewer edits, bad files, readers."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

from lxml import etree

from exports.docx.bookmarks import bookmark_name
from exports.docx.redline import clause_paragraphs
from exports.model import ExportClause
from positions.models import Comment, Event, Position
from positions.services import comments, drafting, editing, versions
from tests.exports.helpers import W, add_comment, build, parts, q, xml
from tests.exports.helpers import zip_bomb as exports_zip_bomb
from tests.factories import position

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
NS = {"w": W, "w14": "http://schemas.microsoft.com/office/word/2010/wordml",
      "w15": "http://schemas.microsoft.com/office/word/2012/wordml"}
SECRET = "Walloon Region may object; do not share."
CLAUSES = [
    ("heading", "General remarks", ""),
    ("text", "", "Belgium thanks the Executive Secretary for the documentation."),
    ("line_to_take", "Budget", "Belgium **supports** the proposed budget for the biennium."),
    ("fallback", "", "Belgium can accept approval of chapters one to four only."),
    ("red_line", "", "No reduction of the trust fund contributions for *developing countries*."),
    ("internal_note", "", SECRET),
]


def commented_position(session, people) -> Position:
    """A position with v1, an edit, v2, and comments: Flemish with a Walloon reply, one withdrawn, one on the note."""
    pos = position(session, people.pen, clauses=CLAUSES)
    versions.take_version(session, people.pen, pos, "first")
    draft = drafting.draft(session, pos)
    thanks = draft[1]
    editing.edit_clause(session, people.pen, pos, thanks.uid, base_revision=thanks.revision.id,
                        body="Belgium warmly thanks the Executive Secretary for the documentation.")
    versions.take_version(session, people.pen, pos, "second")
    flemish = comments.post_comment(session, people.flemish, pos, draft[2].uid, kind="question",
                                    body="Which biennium?", quote="proposed budget")
    comments.post_comment(session, people.walloon, pos, draft[2].uid, kind="comment", body="We share the question.",
                          parent_id=flemish.id)
    gone = comments.post_comment(session, people.brussels, pos, draft[4].uid, kind="comment", body="Withdrawn remark.")
    comments.withdraw(session, people.brussels, pos, gone)
    comments.post_comment(session, people.pen, pos, draft[5].uid, kind="comment", body="Note remark stays inside.")
    session.commit()
    return pos


def uids(session, pos) -> list[str]:
    """The uids of the draft's clauses, in order."""
    session.expire_all()
    return [d.uid for d in drafting.draft(session, pos)]


def expected_paragraphs(session, pos, number: int) -> list[str]:
    """The paragraph texts a version's external clauses have after accept/reject all."""
    version = versions.get_version(session, pos, number)
    return [text for d in versions.version_clauses(session, version) if d.revision.kind != "internal_note"
            for text in clause_paragraphs(ExportClause(d.uid, d.revision.kind, d.revision.heading, d.revision.body))]


def web_download(client, pos, **params):
    """Download an export from the web page, checking it worked."""
    response = client.get(f"/positions/{pos.id}/word/export", query_string=params)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return response


def upload(client, url, data: bytes, name: str = "reviewed.docx"):
    """Post a file as a browser form does."""
    return client.post(url, data={"file": (io.BytesIO(data), name)}, content_type="multipart/form-data")


def form_token(html: str) -> str:
    """The upload token in a preview page's hidden field."""
    return re.search(r'name="token" type="hidden" value="([^"]+)"', html).group(1)


def word_comments(data: bytes) -> list[tuple[str, str]]:
    """(author, text) of every Word comment in a .docx."""
    files = parts(data)
    if "word/comments.xml" not in files:
        return []
    root = etree.fromstring(files["word/comments.xml"])
    return [(c.get(q("author")), "".join(t.text or "" for t in c.iter(q("t")))) for c in root.iter(q("comment"))]


def bookmarks(data: bytes) -> set[str]:
    """Names of the bookmarks in the document body."""
    return {b.get(q("name")) for b in xml(data).iter(q("bookmarkStart"))}


def document_text(data: bytes) -> str:
    """Every w:t and w:delText of the main document and its comments, joined."""
    files = parts(data)
    text = []
    for name in ("word/document.xml", "word/comments.xml"):
        if name in files:
            root = etree.fromstring(files[name])
            text += [t.text or "" for t in root.iter(q("t"), q("delText"))]
    return " ".join(text)


def clause_bookmark(uid: str) -> str:
    """The bookmark name of a clause."""
    return bookmark_name(uid)


def add_reply(data: bytes, phrase: str, body: str, parent_index: int = 0, author: str = "Katrien Vos") -> bytes:
    """Add a Word reply to the parent_index-th comment (threaded through commentsExtended, as Word does)."""
    data = add_comment(data, phrase, body, author=author)
    files = parts(data)
    comments_root = etree.fromstring(files["word/comments.xml"])
    all_comments = comments_root.findall(q("comment"))
    parent, reply = all_comments[parent_index], all_comments[-1]
    parent_para = parent.findall(q("p"))[-1].get(f"{{{NS['w14']}}}paraId")
    reply.findall(q("p"))[-1].set(f"{{{NS['w14']}}}paraId", "5EEDF00D")
    extended = etree.fromstring(files["word/commentsExtended.xml"])
    entry = etree.SubElement(extended, f"{{{NS['w15']}}}commentEx")
    entry.set(f"{{{NS['w15']}}}paraId", "5EEDF00D")
    entry.set(f"{{{NS['w15']}}}paraIdParent", parent_para)
    entry.set(f"{{{NS['w15']}}}done", "0")
    files["word/comments.xml"] = etree.tostring(comments_root, xml_declaration=True, encoding="UTF-8")
    files["word/commentsExtended.xml"] = etree.tostring(extended, xml_declaration=True, encoding="UTF-8")
    return build(files)


def resave_with_libreoffice(data: bytes, workdir: Path) -> bytes:
    """Open and save a .docx with LibreOffice, so its XML is the office suite's own."""
    source, out = workdir / "in", workdir / "out"
    source.mkdir(exist_ok=True)
    (source / "reviewed.docx").write_bytes(data)
    subprocess.run([SOFFICE, f"-env:UserInstallation={(workdir / 'profile').as_uri()}", "--headless",
                    "--convert-to", "docx", "--outdir", str(out), str(source / "reviewed.docx")],
                   check=True, capture_output=True, timeout=300)
    return (out / "reviewed.docx").read_bytes()


def to_pdf_text(files: dict[str, bytes], workdir: Path) -> dict[str, str]:
    """Convert .docx files to PDF with LibreOffice and return pdftotext's text of each."""
    source, out = workdir / "pdf-in", workdir / "pdf-out"
    source.mkdir(exist_ok=True)
    for name, data in files.items():
        (source / f"{name}.docx").write_bytes(data)
    subprocess.run([SOFFICE, f"-env:UserInstallation={(workdir / 'profile').as_uri()}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(out), *[str(source / f"{n}.docx") for n in files]],
                   check=True, capture_output=True, timeout=300)
    texts = {}
    for name in files:
        result = subprocess.run(["pdftotext", "-layout", str(out / f"{name}.pdf"), "-"], check=True,
                                capture_output=True, text=True)
        texts[name] = " ".join(result.stdout.split())
    return texts


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return out.getvalue()


def zip_bomb() -> bytes:
    """A .docx-looking zip whose one member unpacks to 120 MB of zeros (about 120 KB on disk)."""
    return exports_zip_bomb(120)


def with_entities(good: bytes) -> bytes:
    """A good .docx whose document.xml declares an external entity (XXE)."""
    files = parts(good)
    head, _, rest = files["word/document.xml"].partition(b"?>")
    files["word/document.xml"] = head + b'?><!DOCTYPE x [<!ENTITY ext SYSTEM "file:///etc/passwd">]>' + rest
    return build(files)


def password_protected() -> bytes:
    """An encrypted Office file: an OLE container with an EncryptionInfo stream."""
    ole = bytearray(bytes.fromhex("D0CF11E0A1B11AE1") + bytes(4096))
    ole[1024:1024 + 28] = "EncryptionInfo".encode("utf-16-le")
    return bytes(ole)


def bad_files(good: bytes) -> dict[str, bytes]:
    """One file per way an upload can be wrong, by the error code the import gives."""
    return {
        "not_docx": os.urandom(2048),
        "corrupt": good[: len(good) // 2],
        "zip_bomb": zip_bomb(),
        "xml_entities": with_entities(good),
        "encrypted": password_protected(),
    }


def counts(session) -> tuple[int, int, int]:
    """Positions, comments and import events: what a failed import must leave unchanged."""
    session.expire_all()
    imports = session.query(Event).filter(Event.verb.like("import.%")).count()
    return session.query(Position).count(), session.query(Comment).count(), imports
