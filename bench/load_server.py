"""The load test's servers and faults: gunicorn on 127.0.0.1, a killed worker, a PostgreSQL restart."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import time
from pathlib import Path

import gevent
import psutil
import requests
from load_users import CTX, LEDGER

ROOT = Path(__file__).resolve().parent.parent


class Server:
    """gunicorn serving bench/wsgi.py in production mode on 127.0.0.1."""

    def __init__(self, database_url: str, port: int, workers: int, threads: int, worker_class: str, log: Path,
                 target: str = "bench.wsgi:application") -> None:
        env = {**os.environ, "PLENIPO_ENV": "production", "SECRET_KEY": secrets.token_hex(32), "DATABASE_URL": database_url,
               "PGCONNECT_TIMEOUT": "3"}
        self.url = f"http://127.0.0.1:{port}"
        self.log = open(log, "w")  # noqa: SIM115  (closed in stop)
        self.process = subprocess.Popen(
            [str(ROOT / ".venv/bin/gunicorn"), "--pythonpath", str(ROOT), "-w", str(workers), "-k", worker_class,
             "--threads", str(threads), "-b", f"127.0.0.1:{port}", "--timeout", "60", target],
            env=env, stdout=self.log, stderr=subprocess.STDOUT, cwd=ROOT,
        )
        self.settings = f"gunicorn -w {workers} -k {worker_class} --threads {threads}"

    def wait_ready(self, timeout: float = 30, path: str = "/healthz", ready: int = 200) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if requests.get(self.url + path, timeout=2).status_code == ready:
                    return
            except requests.RequestException:
                pass
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn exited: see {self.log.name}")
            gevent.sleep(0.3)
        raise SystemExit("gunicorn did not answer /healthz")

    def workers(self) -> list[psutil.Process]:
        return psutil.Process(self.process.pid).children()

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(20)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


def kill_worker(server: Server, report: list) -> None:
    """SIGKILL one gunicorn worker in the middle of the load; the master starts a new one."""
    LEDGER.outage = True
    victim = server.workers()[0]
    victim.kill()
    report.append({"killed_pid": victim.pid, "at": time.strftime("%H:%M:%S")})
    gevent.sleep(3)
    LEDGER.outage = False


def html_session_cookie(host: str, email: str, password: str) -> str:
    """Log in through the web form; return the session cookie (Secure, so sent by hand over http)."""
    page = requests.get(host + "/login", timeout=10)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page.text).group(1)
    cookie = page.cookies.get("session")
    response = requests.post(host + "/login", data={"email": email, "password": password, "csrf_token": token},
                             headers={"Cookie": f"session={cookie}"}, allow_redirects=False, timeout=10)
    return response.cookies.get("session") or cookie


def restart_postgres(host: str, cluster: str, down_seconds: float, cookie: str, report: dict) -> None:
    """Stop PostgreSQL, probe the app (JSON and HTML) while it is down, start it, time the recovery."""
    token = CTX.officials[0][1]
    seen: dict = {"json": {}, "html": {}}

    def probe() -> tuple[int, int]:
        json_resp = requests.get(f"{host}/api/v1/positions", headers={"Authorization": f"Bearer {token}"}, timeout=10)
        html_resp = requests.get(f"{host}/", headers={"Cookie": f"session={cookie}"}, timeout=10)
        for kind, resp in (("json", json_resp), ("html", html_resp)):
            seen[kind][resp.status_code] = seen[kind].get(resp.status_code, 0) + 1
            if resp.status_code == 503 and "message" not in seen:
                seen["message"] = json_resp.json()["error"]["message"] if kind == "json" else None
            if resp.status_code == 503 and kind == "html" and "html_message" not in seen:
                found = re.search(r"database is not reachable[^<]*", resp.text)
                seen["html_message"] = found.group(0) if found else resp.text[:200]
        return json_resp.status_code, html_resp.status_code

    LEDGER.outage = True
    version, name = cluster.split()
    command = ["pg_ctlcluster", "--skip-systemctl-redirect", version, name]
    subprocess.run([*command, "stop", "-m", "fast"], check=True)
    stopped = time.monotonic()
    while time.monotonic() - stopped < down_seconds:
        probe()
        gevent.sleep(0.2)
    subprocess.run([*command, "start"], check=True)
    started = time.monotonic()
    while probe() != (200, 200) and time.monotonic() - started < 60:
        gevent.sleep(0.1)
    report.update(down_seconds=down_seconds, recovered_after_start_s=round(time.monotonic() - started, 2),
                  probe_statuses={k: {str(s): n for s, n in v.items()} for k, v in seen.items() if k in ("json", "html")},
                  json_message=seen.get("message"), html_message=seen.get("html_message"))
    gevent.sleep(1)
    LEDGER.outage = False
