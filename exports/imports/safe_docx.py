"""Defensive reading of uploaded .docx files: size, zip bomb, encryption and XML entity checks."""

from __future__ import annotations

import io
import zipfile
import zlib
from dataclasses import dataclass, field

import docx
from docx.document import Document as DocxDocument
from lxml import etree

from positions.messages import Msg

MAX_BYTES = 10 * 2**20
MAX_UNCOMPRESSED = 100 * 2**20
MAX_RATIO = 100
MAX_MEMBERS = 5000
RATIO_FLOOR = 2**20  # small parts may compress very well legitimately
OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
SAFE_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False, dtd_validation=False
)


class DocxImportError(Exception):
    """An uploaded file cannot be read; `message` is written for the person who uploaded it."""

    def __init__(self, message: str, code: str = "invalid_docx") -> None:
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass
class DocxPackage:
    """The validated parts of a .docx: raw bytes by name, XML parsed on demand with a safe parser."""

    parts: dict[str, bytes]
    _xml: dict[str, etree._Element] = field(default_factory=dict)

    def xml(self, name: str) -> etree._Element | None:
        """Return the parsed root of an XML part, or None if the part is absent."""
        if name not in self.parts:
            return None
        if name not in self._xml:
            self._xml[name] = parse_xml_part(name, self.parts[name])
        return self._xml[name]


def parse_xml_part(name: str, content: bytes) -> etree._Element:
    """Parse one XML part, refusing DOCTYPE/ENTITY declarations."""
    head = content.decode("utf-16", "replace") if content[:2] in (b"\xff\xfe", b"\xfe\xff") else content
    probe = head.upper() if isinstance(head, str) else head.upper().decode("latin-1")
    if "<!DOCTYPE" in probe or "<!ENTITY" in probe:
        raise DocxImportError(
            Msg("The file contains XML declarations that are not allowed in a Word document (%(part)s).", part=name),
            "xml_entities",
        )
    try:
        return etree.fromstring(content, SAFE_PARSER)
    except etree.XMLSyntaxError as exc:
        raise DocxImportError(Msg("The file is damaged: part %(part)s is not valid XML.", part=name), "corrupt") from exc


def _mb(size: int) -> str:
    return f"{size / 2**20:.0f} MB" if size >= 2**20 else f"{size / 1024:.0f} KB"


def _check_header(data: bytes, max_bytes: int) -> None:
    if not data:
        raise DocxImportError(Msg("The file is empty."), "empty")
    if len(data) > max_bytes:
        raise DocxImportError(
            Msg("The file is too large (%(size)s); the limit is %(limit)s.", size=_mb(len(data)), limit=_mb(max_bytes)), "too_large"
        )
    if data[:8] == OLE_MAGIC:
        if "EncryptionInfo".encode("utf-16-le") in data:
            raise DocxImportError(
                Msg("The file is password-protected. Remove the password in Word and upload it again."),
                "encrypted",
            )
        raise DocxImportError(
            Msg("This is an old Word 97-2003 (.doc) file. Save it as .docx in Word and upload it again."),
            "legacy_doc",
        )
    if not data.startswith(b"PK"):
        raise DocxImportError(Msg("The file is not a Word document (.docx)."), "not_docx")


def _check_members(infos: list[zipfile.ZipInfo], max_uncompressed: int, max_ratio: int) -> None:
    if len(infos) > MAX_MEMBERS:
        raise DocxImportError(Msg("The file has too many parts to be a Word document."), "zip_bomb")
    names = {info.filename for info in infos}
    if "content.xml" in names and "META-INF/manifest.xml" in names:
        raise DocxImportError(
            Msg("This is an OpenDocument file (.odt), not a Word file. Open it in LibreOffice Writer (or Word), choose "
                "File › Save As, pick “Word 2007-365 (.docx)” as the file type, and upload the .docx file."),
            "odt",
        )
    if "[Content_Types].xml" not in names or "word/document.xml" not in names:
        raise DocxImportError(
            Msg("The file is a ZIP archive but not a Word document (.docx)."), "not_docx"
        )
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise DocxImportError(
                Msg("The file is password-protected. Remove the password in Word and upload it again."),
                "encrypted",
            )
        total += info.file_size
        if info.file_size > max_uncompressed or total > max_uncompressed:
            raise DocxImportError(
                Msg("The file unpacks to more than %(limit)s and cannot be imported.", limit=_mb(max_uncompressed)),
                "zip_bomb",
            )
        if info.file_size > RATIO_FLOOR and info.file_size > max_ratio * max(info.compress_size, 1):
            raise DocxImportError(
                Msg("The file is compressed suspiciously well (a possible zip bomb) and cannot be imported."),
                "zip_bomb",
            )


def read_package(
    data: bytes,
    max_bytes: int = MAX_BYTES,
    max_uncompressed: int = MAX_UNCOMPRESSED,
    max_ratio: int = MAX_RATIO,
) -> DocxPackage:
    """Validate an uploaded .docx and return its parts; raise DocxImportError when unsafe or broken."""
    data = bytes(data)
    _check_header(data, max_bytes)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError, NotImplementedError) as exc:
        # NotImplementedError: a (flipped) 'version needed to extract' newer than zipfile knows
        raise DocxImportError(Msg("The file is damaged (not a readable ZIP archive)."), "corrupt") from exc
    _check_members(infos, max_uncompressed, max_ratio)
    parts: dict[str, bytes] = {}
    package = DocxPackage(parts)
    for info in infos:
        if info.is_dir():
            continue
        try:
            with archive.open(info) as member:
                content = member.read(info.file_size + 1)
        except (zipfile.BadZipFile, zlib.error, NotImplementedError, RuntimeError, EOFError, OSError) as exc:
            raise DocxImportError(Msg("The file is damaged (a part cannot be unpacked)."), "corrupt") from exc
        if len(content) > info.file_size:
            raise DocxImportError(Msg("The file is damaged (a part is larger than declared)."), "corrupt")
        parts[info.filename] = content
        if info.filename.endswith((".xml", ".rels")):
            package.xml(info.filename)
    return package


def open_docx(
    data: bytes,
    max_bytes: int = MAX_BYTES,
    max_uncompressed: int = MAX_UNCOMPRESSED,
    max_ratio: int = MAX_RATIO,
) -> DocxDocument:
    """Validate an uploaded .docx and open it with python-docx; raise DocxImportError if unsafe."""
    read_package(data, max_bytes, max_uncompressed, max_ratio)
    try:
        return docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many types for malformed packages
        raise DocxImportError(
            Msg("The file could not be opened as a Word document (.docx)."), "not_docx"
        ) from exc
