"""Uploaded files are checked before anything is parsed: clear errors for every bad file."""

from __future__ import annotations

import io
import os
import time
import zipfile

import pytest

from exports.docx.position_layout import render_position
from exports.imports.position_reader import parse_new_position
from exports.imports.reviewed_reader import parse_reviewed
from exports.imports.safe_docx import DocxImportError, open_docx
from tests.exports.helpers import build, parts, zip_bomb


@pytest.fixture(scope="module")
def good() -> bytes:
    from tests.exports.conftest import make_document

    return render_position(make_document())


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return out.getvalue()


def _error(data: bytes, **limits: int) -> DocxImportError:
    with pytest.raises(DocxImportError) as caught:
        open_docx(data, **limits)
    assert caught.value.message and str(caught.value) == caught.value.message
    return caught.value


def test_a_good_export_opens(good):
    assert open_docx(good).paragraphs


def test_random_bytes_are_not_a_word_document():
    assert _error(os.urandom(4096)).code == "not_docx"


def test_empty_file():
    assert _error(b"").code == "empty"


def test_truncated_zip_is_damaged(good):
    error = _error(good[: len(good) // 2])
    assert error.code == "corrupt" and "damaged" in error.message


def test_zip_without_document_xml_is_not_a_word_document():
    data = _zip({"[Content_Types].xml": b"<Types/>", "hello.txt": b"hi"})
    assert _error(data).code == "not_docx"


@pytest.fixture(scope="module")
def bomb() -> bytes:
    """A 200 MB member of zeros (about 200 KB on disk)."""
    return zip_bomb(200)


def test_zip_bomb_is_refused_before_unpacking(bomb):
    assert len(bomb) < 2 * 2**20
    started = time.perf_counter()
    error = _error(bomb)
    assert error.code == "zip_bomb"
    assert time.perf_counter() - started < 0.5


def test_suspicious_compression_ratio_is_refused():
    data = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<document/>",
                 "word/media/a.bin": bytes(5 * 2**20)})
    error = _error(data)
    assert error.code == "zip_bomb" and "compressed" in error.message


def test_password_protected_file_is_named_as_such():
    ole = bytearray(bytes.fromhex("D0CF11E0A1B11AE1") + bytes(2048))
    ole[1024:1024 + 28] = "EncryptionInfo".encode("utf-16-le")
    error = _error(bytes(ole))
    assert error.code == "encrypted" and "password-protected" in error.message


def test_old_doc_file_gets_its_own_message():
    error = _error(bytes.fromhex("D0CF11E0A1B11AE1") + bytes(2048))
    assert error.code == "legacy_doc" and ".doc" in error.message


@pytest.mark.parametrize("declaration", [
    b'<!DOCTYPE lol [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>',
    b'<!DOCTYPE x [<!ENTITY ext SYSTEM "file:///etc/passwd">]>',
])
def test_xml_with_entity_declarations_is_refused(good, declaration):
    files = parts(good)
    document = files["word/document.xml"]
    head, _, rest = document.partition(b"?>")
    files["word/document.xml"] = head + b"?>" + declaration + rest
    error = _error(build(files))
    assert error.code == "xml_entities"
    with pytest.raises(DocxImportError):
        parse_new_position(build(files))
    with pytest.raises(DocxImportError):
        parse_reviewed(build(files), [])


def test_oversize_file_is_refused(good):
    error = _error(good, max_bytes=len(good) - 1)
    assert error.code == "too_large" and "too large" in error.message
    assert _error(good + bytes(10 * 2**20)).code == "too_large"


def test_invalid_xml_part_is_damaged(good):
    files = parts(good)
    files["word/styles.xml"] = b"<w:styles><unclosed>"
    assert _error(build(files)).code == "corrupt"


def test_macro_enabled_or_odd_package_gets_a_clear_error(good):
    files = parts(good)
    files["[Content_Types].xml"] = files["[Content_Types].xml"].replace(
        b"document.main+xml", b"template.main+xml")
    assert _error(build(files)).code == "not_docx"
