"""Every test here sends its mail to a real SMTP server started for it."""

from __future__ import annotations

import pytest

from tests.notify.smtp_sink import SmtpSink


@pytest.fixture
def smtp():
    sink = SmtpSink().start()
    yield sink
    sink.stop()


@pytest.fixture
def app_settings(smtp) -> dict:
    return {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": smtp.port, "PUBLIC_URL": "https://plenipo.example.be",
            "MAIL_DEFAULT_SENDER": "Plenipo <no-reply@plenipo.example.be>", "MAIL_REPLY_TO": "bbpf@example.be",
            "TIMEZONE": "Europe/Brussels"}
