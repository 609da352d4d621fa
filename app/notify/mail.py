"""Notifications as mail: rendered in the recipient's language (plain text and HTML), sent over SMTP.

SMTP is Python's own smtplib with the settings of config.py (MAIL_SERVER, MAIL_PORT, MAIL_USE_TLS,
MAIL_USE_SSL, MAIL_USERNAME, MAIL_PASSWORD, MAIL_DEFAULT_SENDER, MAIL_REPLY_TO); without MAIL_SERVER each
mail is written as an .eml file under MAIL_DIR. Every mail carries a signed one-click unsubscribe link
(RFC 8058 List-Unsubscribe headers) for its kind.
"""

from __future__ import annotations

import contextlib
import json
import smtplib
import ssl
import uuid
from collections import defaultdict
from email.charset import Charset
from email.header import Header
from email.message import Message
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.policy import compat32
from email.utils import formataddr, formatdate, make_msgid, parseaddr
from pathlib import Path

from flask import current_app, render_template
from flask_babel import force_locale, gettext
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import select

from app.notify.texts import KIND_LABELS, absolute, deadline_text, notification_text
from positions.models import Notification, Position, User

UNSUBSCRIBE_SALT = "plenipo-unsubscribe"
_UTF8 = Charset("utf-8")
_UTF8.body_encoding = None  # 8bit bodies, as before: readable in the .eml files, no base64
MAIL_POLICY = compat32.clone(max_line_length=998)  # long link headers stay whole, not folded


def _signer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=UNSUBSCRIBE_SALT)


def unsubscribe_token(user_id: int, kind: str) -> str:
    return _signer().dumps([user_id, kind])


def read_unsubscribe_token(token: str) -> tuple[int, str] | None:
    """(user id, kind) from a signed token, or None when it was not signed by us."""
    try:
        user_id, kind = _signer().loads(token)
        return int(user_id), str(kind)
    except (BadSignature, ValueError, TypeError):
        return None


def _address(value: str) -> str:
    """'Name <address>' for a header, the name encoded when it is not ASCII."""
    return formataddr(parseaddr(value), charset="utf-8")


def _header(value: str) -> str | Header:
    return value if value.isascii() else Header(value, "utf-8")


def _message(user: User, subject: str, text: str, html: str, unsubscribe: str) -> Message:
    """A multipart/alternative mail (plain text and HTML), built with the plain email API: the header registry of
    the newer API parses every header back, which was the largest cost of a thousand digests."""
    config = current_app.config
    message = MIMEMultipart("alternative", policy=MAIL_POLICY)
    message["Subject"] = _header(subject if len(subject) <= 150 else subject[:147] + "…")
    message["From"] = _address(config["MAIL_DEFAULT_SENDER"])
    message["To"] = formataddr((user.name, user.email), charset="utf-8")
    if config.get("MAIL_REPLY_TO"):
        message["Reply-To"] = _address(config["MAIL_REPLY_TO"])
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain="plenipo")
    message["List-Unsubscribe"] = f"<{unsubscribe}>"
    message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message["Content-Language"] = user.locale
    message.attach(MIMEText(text, "plain", _UTF8))
    message.attach(MIMEText(html, "html", _UTF8))
    return message


def notification_mail(notification: Notification) -> Message:
    """One notification as a mail to its user, in their language."""
    user = notification.user
    with force_locale(user.locale):
        text = notification_text(notification)
        unsubscribe = absolute(f"/notifications/unsubscribe/{unsubscribe_token(user.id, notification.kind)}")
        params = notification.params or {}
        context = {"user": user, "text": text, "link": absolute(notification.link), "kind": notification.kind,
                   "kind_label": KIND_LABELS[notification.kind], "unsubscribe": unsubscribe,
                   "deadline": deadline_text(params["deadline"]) if params.get("deadline") else None, "params": params}
        return _message(user, text, render_template("mail/notification.txt", **context),
                        render_template("mail/notification.html", **context), unsubscribe)


def digest_mail(user: User, notifications: list[Notification], titles: dict[int | None, str], texts: dict | None = None) -> Message:
    """Everything since the last digest, grouped per position.

    ``texts``: sentences already translated (by language, template and parameters), shared by the digests of
    one pass: the news of one event reaches many people, in few languages."""
    texts = {} if texts is None else texts
    with force_locale(user.locale):
        groups: dict[int | None, list[tuple[str, str]]] = defaultdict(list)
        for n in notifications:
            key = (user.locale, n.template, json.dumps(n.params, sort_keys=True, default=str))
            if key not in texts:
                texts[key] = notification_text(n)
            groups[n.position_id].append((texts[key], absolute(n.link)))
        sections = [(titles.get(pid) or gettext("Other"), items) for pid, items in groups.items()]
        unsubscribe = absolute(f"/notifications/unsubscribe/{unsubscribe_token(user.id, 'digest')}")
        subject = gettext("Your Plenipo digest: %(count)s notifications", count=len(notifications))
        context = {"user": user, "sections": sections, "unsubscribe": unsubscribe, "inbox": absolute("/notifications")}
        return _message(user, subject, render_template("mail/digest.txt", **context),
                        render_template("mail/digest.html", **context), unsubscribe)


def position_titles(session, notifications: list[Notification]) -> dict[int | None, str]:
    ids = {n.position_id for n in notifications if n.position_id}
    return dict(session.execute(select(Position.id, Position.title).where(Position.id.in_(ids))).all()) if ids else {}


class Mailer:
    """One SMTP connection for a batch of mails (reopened after a failure), or the .eml folder."""

    def __init__(self) -> None:
        self.config = current_app.config
        self.smtp: smtplib.SMTP | None = None

    def __enter__(self) -> Mailer:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        if self.smtp is not None:
            with contextlib.suppress(smtplib.SMTPException, OSError):
                self.smtp.quit()
            self.smtp = None

    def _connect(self) -> smtplib.SMTP:
        c = self.config
        if c["MAIL_USE_SSL"]:
            smtp = smtplib.SMTP_SSL(c["MAIL_SERVER"], c["MAIL_PORT"], timeout=15, context=ssl.create_default_context())
        else:
            smtp = smtplib.SMTP(c["MAIL_SERVER"], c["MAIL_PORT"], timeout=15)
            if c["MAIL_USE_TLS"]:
                smtp.starttls(context=ssl.create_default_context())
        if c["MAIL_USERNAME"]:
            smtp.login(c["MAIL_USERNAME"], c["MAIL_PASSWORD"] or "")
        return smtp

    def send(self, message: Message) -> None:
        """Send one mail; raises (smtplib.SMTPException, OSError) when it could not."""
        if not self.config.get("MAIL_SERVER"):
            folder = Path(self.config["MAIL_DIR"])
            folder.mkdir(parents=True, exist_ok=True)
            (folder / f"{formatdate(usegmt=True)[5:25].replace(' ', '-').replace(':', '')}-{uuid.uuid4().hex[:12]}.eml").write_bytes(bytes(message))
            return
        try:
            if self.smtp is None:
                self.smtp = self._connect()
            self.smtp.send_message(message)
        except (smtplib.SMTPException, OSError):
            self.close()
            raise
