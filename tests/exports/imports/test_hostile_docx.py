"""Fuzzing the Word import: random bytes, truncated and bit-flipped real files, bombs and entity tricks only
ever give a DocxImportError with a message, quickly and in bounded memory (test_safe_docx.py has the named cases)."""

from __future__ import annotations

import time
import tracemalloc

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exports.docx.position_layout import render_position
from exports.imports.position_reader import parse_new_position
from exports.imports.reviewed_reader import parse_reviewed
from exports.imports.safe_docx import DocxImportError
from tests.exports.helpers import build, parts, zip_bomb

FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def good() -> bytes:
    from tests.exports.conftest import make_document

    return render_position(make_document())


def import_safely(data: bytes) -> None:
    """Both importers: a result or a DocxImportError with a message, within time and memory bounds."""
    for parse in (parse_new_position, lambda d: parse_reviewed(d, [])):
        tracemalloc.start()
        started = time.perf_counter()
        try:
            parse(data)
        except DocxImportError as error:
            assert error.message and error.code
        finally:
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
        assert time.perf_counter() - started < 10
        assert peak < 150 * 2**20, f"peak memory {peak / 2**20:.0f} MB"


@FUZZ
@given(st.binary(max_size=4096))
def test_random_bytes(data):
    import_safely(data)


@FUZZ
@given(st.binary(max_size=64).map(lambda tail: b"PK\x03\x04" + tail))
def test_random_bytes_that_look_like_a_zip(data):
    import_safely(data)


@FUZZ
@given(cut=st.floats(0, 1, exclude_max=True))
def test_real_file_truncated_anywhere(good, cut):
    import_safely(good[: int(len(good) * cut)])


@FUZZ
@given(flips=st.lists(st.tuples(st.floats(0, 1, exclude_max=True), st.integers(1, 255)), min_size=1, max_size=8))
def test_real_file_with_flipped_bytes(good, flips):
    data = bytearray(good)
    for where, mask in flips:
        data[int(len(data) * where)] ^= mask
    import_safely(bytes(data))


def test_a_central_directory_asking_for_a_newer_zip_version_is_refused(good):
    """The fuzzer's find: 'version needed to extract' flipped to 25.5 made zipfile raise NotImplementedError."""
    data = bytearray(good)
    at = data.index(b"PK\x01\x02") + 6  # the first central directory entry's 'version needed to extract'
    data[at:at + 2] = (255).to_bytes(2, "little")
    with pytest.raises(DocxImportError) as raised:
        parse_new_position(bytes(data))
    assert raised.value.code == "corrupt"
    import_safely(bytes(data))


@FUZZ
@given(junk=st.binary(max_size=2048), part=st.sampled_from(["word/document.xml", "word/styles.xml", "[Content_Types].xml",
                                                             "word/comments.xml", "word/_rels/document.xml.rels"]))
def test_real_file_with_a_part_replaced_by_junk(good, junk, part):
    files = parts(good)
    files[part] = junk
    import_safely(build(files))


@pytest.mark.parametrize("declaration", [
    # billion laughs: ten levels of ten
    b'<!DOCTYPE lolz [<!ENTITY l0 "lol">' + b"".join(
        b'<!ENTITY l%d "%s">' % (i, b"".join(b"&l%d;" % (i - 1) for _ in range(10))) for i in range(1, 10)) + b"]>",
    b'<!DOCTYPE x [<!ENTITY % remote SYSTEM "http://127.0.0.1:9/evil.dtd"> %remote;]>',
    b'<!DOCTYPE x SYSTEM "http://127.0.0.1:9/evil.dtd">',
    b'<!DOCTYPE x [<!ENTITY ext SYSTEM "file:///etc/passwd">]>',
])
@pytest.mark.parametrize("part", ["word/document.xml", "word/comments.xml", "[Content_Types].xml"])
def test_entity_tricks_in_any_part(good, declaration, part):
    files = parts(good)
    content = files.get(part, b'<?xml version="1.0"?><w:comments xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>')
    head, _, rest = content.partition(b"?>")
    files[part] = head + b"?>" + declaration + rest
    with pytest.raises(DocxImportError) as caught:
        parse_reviewed(build(files), [])
    assert caught.value.code in ("xml_entities", "corrupt", "not_docx")
    import_safely(build(files))


@pytest.mark.parametrize("megabytes", [120, 1000])
def test_zip_bombs_are_refused_quickly(megabytes):
    import_safely(zip_bomb(megabytes))
