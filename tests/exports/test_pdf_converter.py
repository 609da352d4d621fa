"""The PDF converter: found on the PATH or named by SOFFICE; a missing one is named as missing, not as a failed try."""

from __future__ import annotations

import pytest

from exports import pdf
from positions.errors import Unavailable


def test_soffice_naming_a_program_that_is_not_there_says_libreoffice_is_missing(monkeypatch, tmp_path):
    monkeypatch.setenv("SOFFICE", str(tmp_path / "no-such-soffice"))
    assert pdf.converter() is None
    with pytest.raises(Unavailable) as refused:
        pdf.docx_to_pdf(b"PK")
    assert "needs LibreOffice on the server" in refused.value.message


def test_soffice_naming_a_program_is_used(monkeypatch, tmp_path):
    program = tmp_path / "soffice-7.6"
    program.write_text("#!/bin/sh\nexit 1\n")
    program.chmod(0o755)
    monkeypatch.setenv("SOFFICE", str(program))
    assert pdf.converter() == str(program)
