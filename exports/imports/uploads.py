"""Uploaded Word files kept between preview and confirmation, readable by their uploader only."""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from positions.errors import ValidationFailed

MAX_AGE_SECONDS = 3600
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{22}$")
EXPIRED = "This upload has expired or was already imported. Upload the file again."


@dataclass(frozen=True)
class PendingUpload:
    """A previewed file waiting for confirmation."""

    token: str
    data: bytes
    filename: str
    sha256: str


def _paths(folder: Path, token: str) -> tuple[Path, Path]:
    return folder / f"{token}.docx", folder / f"{token}.json"


def purge_stale(folder: Path, max_age: int = MAX_AGE_SECONDS) -> int:
    """Delete uploads older than max_age seconds; return how many files went."""
    if not folder.is_dir():
        return 0
    limit, removed = time.time() - max_age, 0
    for path in folder.iterdir():
        try:
            if path.stat().st_mtime < limit:
                path.unlink()
                removed += 1
        except FileNotFoundError:
            continue
    return removed


def keep(folder: Path, user_id: int, purpose: str, filename: str, data: bytes) -> str:
    """Store an upload for one user and one purpose; return its random token."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    purge_stale(folder)
    token = secrets.token_urlsafe(16)
    docx_path, meta_path = _paths(folder, token)
    meta = {"user": user_id, "purpose": purpose, "filename": filename[:200], "sha256": hashlib.sha256(data).hexdigest()}
    for path, content in ((docx_path, data), (meta_path, json.dumps(meta).encode())):
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
    return token


def load(folder: Path, token: str, user_id: int, purpose: str) -> PendingUpload:
    """Read back an upload, checking the token, its owner, its purpose, its age and its content."""
    if not isinstance(token, str) or not _TOKEN.match(token):
        raise ValidationFailed(EXPIRED, {"token": "invalid"})
    docx_path, meta_path = _paths(folder, token)
    try:
        meta = json.loads(meta_path.read_bytes())
        if time.time() - meta_path.stat().st_mtime > MAX_AGE_SECONDS:
            raise FileNotFoundError(meta_path)
        data = docx_path.read_bytes()
    except (FileNotFoundError, ValueError) as exc:
        raise ValidationFailed(EXPIRED, {"token": "expired"}) from exc
    if meta.get("user") != user_id or meta.get("purpose") != purpose:
        raise ValidationFailed(EXPIRED, {"token": "not yours"})
    if hashlib.sha256(data).hexdigest() != meta.get("sha256"):
        raise ValidationFailed(EXPIRED, {"token": "changed"})
    return PendingUpload(token, data, meta.get("filename", ""), meta["sha256"])


@contextmanager
def claimed(folder: Path, token: str, user_id: int, purpose: str) -> Iterator[PendingUpload]:
    """Claim an upload for one confirmation: deleted when the block succeeds, put back when it fails.

    The rename is atomic, so a double-submitted confirmation finds nothing to import the second time.
    """
    upload = load(folder, token, user_id, purpose)
    docx_path, meta_path = _paths(folder, token)
    claim = docx_path.with_suffix(".claimed")
    try:
        os.rename(docx_path, claim)
    except FileNotFoundError as exc:
        raise ValidationFailed(EXPIRED, {"token": "claimed"}) from exc
    try:
        yield upload
    except BaseException:
        os.rename(claim, docx_path)
        raise
    claim.unlink(missing_ok=True)
    meta_path.unlink(missing_ok=True)


def discard(folder: Path, token: str) -> None:
    """Forget an upload (cancel)."""
    if isinstance(token, str) and _TOKEN.match(token):
        for path in _paths(folder, token):
            path.unlink(missing_ok=True)
