"""gunicorn 'app:create_app()' started as the README says: PLENIPO_ENV=production is honoured.

Real gunicorn in a subprocess, as tests/faults/test_worker_kill.py starts it. Without a real SECRET_KEY it
refuses to start and says why; with one it serves Secure session cookies, and a cookie signed with the
development secret (the one every checkout knows) logs nobody in.
"""

from __future__ import annotations

import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest
from flask import Flask
from flask.sessions import SecureCookieSessionInterface
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from config import DEV_SECRET
from positions.models import Base
from tests.factories import PASSWORD, People

pytestmark = [pytest.mark.slow, pytest.mark.timeout(120)]

ROOT = Path(__file__).resolve().parents[2]
REFUSAL = "PLENIPO_ENV=production needs SECRET_KEY"


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(NoRedirect)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _gunicorn(port: int, env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--pythonpath", str(ROOT), "-w", "1", "-b", f"127.0.0.1:{port}", "app:create_app()"],
        env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def _environment(**values: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "PLENIPO_ENV", "DATABASE_URL")}
    return {**env, **values}


def _call(url: str, data: dict | None = None, cookie: str = ""):
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    request = urllib.request.Request(url, data=body, headers={"Cookie": cookie} if cookie else {})
    try:
        return OPENER.open(request, timeout=20)
    except urllib.error.HTTPError as answer:  # 3xx and 4xx come back as errors without a redirect handler
        return answer


@contextmanager
def _serving(tmp_path, secret: str):
    database = tmp_path / "production.sqlite"
    engine = create_engine(f"sqlite:///{database}")
    Base.metadata.create_all(engine)
    with Session(engine) as session:
        lead_id = People(session).lead.id
    engine.dispose()
    port = _free_port()
    server = _gunicorn(port, _environment(PLENIPO_ENV="production", SECRET_KEY=secret, DATABASE_URL=f"sqlite:///{database}"))
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            assert server.poll() is None, f"gunicorn stopped: {server.stderr.read()}"
            assert time.monotonic() < deadline, "gunicorn did not start"
            try:
                if _call(base + "/healthz").status == 200:
                    break
            except OSError:
                pass
            time.sleep(0.2)
        yield base, lead_id
    finally:
        server.terminate()
        server.communicate(timeout=20)


def test_without_a_real_secret_gunicorn_refuses_to_start_and_says_why(tmp_path):
    for secret in (None, DEV_SECRET, "too-short-a-secret"):
        env = _environment(PLENIPO_ENV="production", DATABASE_URL=f"sqlite:///{tmp_path / 'refused.sqlite'}",
                           **({"SECRET_KEY": secret} if secret else {}))
        server = _gunicorn(_free_port(), env)
        try:
            _, errors = server.communicate(timeout=30)
        finally:
            server.kill()
        assert server.returncode != 0, (secret, errors[-2000:])
        assert REFUSAL in errors and "at least 32 characters" in errors, (secret, errors[-2000:])


def test_with_a_real_secret_it_serves_secure_cookies_and_refuses_a_cookie_forged_with_the_dev_secret(tmp_path):
    with _serving(tmp_path, secrets.token_hex(32)) as (base, lead_id):
        form = _call(base + "/login")
        cookie = form.headers["Set-Cookie"].split(";", 1)[0]
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form.read().decode())[1]
        answer = _call(base + "/login", {"email": "pen_holder.bbpf@example.be", "password": PASSWORD, "remember": "y",
                                         "csrf_token": token}, cookie)
        assert answer.status == 302 and answer.headers["Location"] == "/"
        cookies = {c.split("=", 1)[0]: c for c in answer.headers.get_all("Set-Cookie")}
        for name in ("session", "remember_token"):
            flags = [part.strip() for part in cookies[name].split(";")]
            assert {"Secure", "HttpOnly", "SameSite=Lax"} <= set(flags), cookies[name]
        assert _call(base + "/", cookie=cookies["session"].split(";", 1)[0]).status == 200

        forger = Flask("forger")
        forger.secret_key = DEV_SECRET
        forged = SecureCookieSessionInterface().get_signing_serializer(forger).dumps({"_user_id": f"{lead_id}:0", "_fresh": True})
        refused = _call(base + "/", cookie=f"session={forged}")
        assert refused.status == 302 and "/login" in refused.headers["Location"]


def test_the_cli_decides_the_same_way(tmp_path):
    env = _environment(PLENIPO_ENV="production", DATABASE_URL=f"sqlite:///{tmp_path / 'cli.sqlite'}")
    refused = subprocess.run([sys.executable, "-c", "from app.cli import main; main()", "audit", "verify"],
                             env=env, cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert refused.returncode != 0 and REFUSAL in refused.stderr, refused.stderr[-2000:]
