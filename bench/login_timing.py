"""Time failed logins with real scrypt: a known email with a wrong password against an unknown (and a deactivated) one.

All should take as long (the unknown email is checked against a dummy hash made the same way), so the
time does not tell which accounts exist. Prints the medians and their ratio.

Run: .venv/bin/python bench/login_timing.py [--attempts 15]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app import create_app  # noqa: E402
from app.extensions import db  # noqa: E402
from config import TestConfig  # noqa: E402
from positions.models import Base  # noqa: E402
from positions.models import user as user_model  # noqa: E402
from positions.services import accounts  # noqa: E402

KNOWN = "known.official@example.be"
DEACTIVATED = "former.official@example.be"


def _medians_ms(client, emails: list[str], attempts: int) -> list[float]:
    """Median time of a failed login for each email, the attempts interleaved so that machine noise hits all alike."""
    times: dict[str, list[float]] = {email: [] for email in emails}
    for _ in range(attempts):
        for email in emails:
            started = time.perf_counter()
            response = client.post("/login", data={"email": email, "password": "a wrong password!"})
            times[email].append((time.perf_counter() - started) * 1000)
            assert response.status_code == 401, response.status_code
    return [statistics.median(times[email]) for email in emails]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--attempts", type=int, default=15, help="failed logins per kind of email")
    args = parser.parse_args()
    app = create_app(type("TimingConfig", (TestConfig,), {"SQLALCHEMY_DATABASE_URI": "sqlite://"}))
    print(f"password hashing: {user_model.PASSWORD_METHOD} (production cost); {args.attempts} failed logins each")
    with app.app_context():
        Base.metadata.create_all(db.engine)
        accounts.create_administration(db.session, None, "BBPF", "Biodiversity platform", "scientific")
        for email in (KNOWN, DEACTIVATED):
            user = accounts.create_user(db.session, None, email=email, name="Timing", administration_code="BBPF",
                                        role="official", password="the right password")
        user.active = False
        db.session.commit()
        client = app.test_client()
        client.post("/login", data={"email": "warm-up@example.be", "password": "x"})  # first request, dummy hash made
        known, unknown, deactivated = _medians_ms(client, [KNOWN, "nobody@example.be", DEACTIVATED], args.attempts)
        print(f"known email, wrong password:       median {known:7.1f} ms")
        print(f"unknown email:                     median {unknown:7.1f} ms")
        print(f"deactivated email, wrong password: median {deactivated:7.1f} ms")
        print(f"ratio unknown / known:             {unknown / known:7.3f}")
        db.session.remove()


if __name__ == "__main__":
    main()
