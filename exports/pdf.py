"""PDF of every Word layout: the .docx converted by LibreOffice, so content, numbering and page furniture are the Word file's.

The server needs LibreOffice Writer (`soffice`; Debian: libreoffice-writer-nogui). `SOFFICE` names another program.
Each process keeps one LibreOffice profile and converts one file at a time (LibreOffice cannot share a profile).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import threading
from pathlib import Path

from positions.errors import Unavailable
from positions.messages import Msg

PDF_MEDIA_TYPE = "application/pdf"
TIMEOUT_SECONDS = 180
_FILTER = 'pdf:writer_pdf_Export:{"ExportNotes":{"type":"boolean","value":"true"}}'  # Word comments: PDF notes
_lock = threading.Lock()


def converter() -> str | None:
    """The LibreOffice program that converts Word files to PDF, or None when the server has none (or SOFFICE names none)."""
    if os.environ.get("SOFFICE"):
        return shutil.which(os.environ["SOFFICE"])
    return shutil.which("soffice") or shutil.which("libreoffice")


def _profile() -> str:
    """This process's LibreOffice profile folder, as a file URI (made on first use, kept for speed)."""
    folder = Path(tempfile.gettempdir()) / f"plenipo-soffice-{os.getuid()}-{os.getpid()}"
    folder.mkdir(mode=0o700, exist_ok=True)
    return folder.as_uri()


def docx_to_pdf(data: bytes) -> bytes:
    """Convert a .docx to PDF with LibreOffice; Unavailable when it is not installed or fails."""
    program = converter()
    if program is None:
        raise Unavailable(Msg("PDF export needs LibreOffice on the server, and it is not installed. Ask the administrator "
                              "to install it (Debian package libreoffice-writer-nogui), or export the Word file."),
                          {"converter": "soffice"})
    with _lock, tempfile.TemporaryDirectory(prefix="plenipo-pdf-") as work:
        source = Path(work) / "export.docx"
        source.write_bytes(data)
        try:
            subprocess.run([program, f"-env:UserInstallation={_profile()}", "--headless", "--norestore", "--nologo",
                            "--convert-to", _FILTER, "--outdir", work, str(source)],
                           check=True, capture_output=True, timeout=TIMEOUT_SECONDS, stdin=subprocess.DEVNULL)
        except (OSError, subprocess.SubprocessError) as error:
            raise Unavailable(Msg("LibreOffice could not convert the file to PDF. Try again, or export the Word file."),
                              {"converter": type(error).__name__}) from error
        result = source.with_suffix(".pdf")
        if not result.exists() or not result.read_bytes().startswith(b"%PDF"):
            raise Unavailable(Msg("LibreOffice could not convert the file to PDF. Try again, or export the Word file."),
                              {"converter": "no output"})
        return result.read_bytes()
