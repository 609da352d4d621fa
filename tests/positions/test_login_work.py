"""A login attempt does the same password hashing whether the email is known, unknown or deactivated.

So its duration does not tell an attacker which accounts exist. The test counts the hash computations and their
method and parameters (never the time: bench/login_timing.py measures that with real scrypt).
"""

from __future__ import annotations

import pytest
import werkzeug.security

import positions.models.user as user_module
from positions.errors import AuthenticationFailed
from positions.services import accounts
from tests.factories import PASSWORD


@pytest.fixture
def hashing(monkeypatch) -> list[str]:
    """Every password hash computed, by its method and parameters ("pbkdf2:sha256:1000", "scrypt:32768:8:1", …)."""
    computed: list[str] = []
    real = werkzeug.security._hash_internal

    def counting(method: str, salt: str, password: str):
        computed.append(method)
        return real(method, salt, password)

    monkeypatch.setattr(werkzeug.security, "_hash_internal", counting)
    return computed


def _work(session, hashing: list[str], email: str, password: str) -> list[str]:
    hashing.clear()
    with pytest.raises(AuthenticationFailed):
        accounts.authenticate(session, email, password)
    return list(hashing)


@pytest.mark.parametrize("method", ["pbkdf2:sha256:1000", "pbkdf2:sha256:2345", "scrypt:1024:8:1"])
def test_known_unknown_and_deactivated_emails_cost_the_same_hashing(session, people, hashing, monkeypatch, method):
    monkeypatch.setattr(user_module, "PASSWORD_METHOD", method)  # the dummy hash follows the method in use
    for user in (people.pen, people.viewer):
        user.set_password(PASSWORD)
    people.viewer.active = False
    session.flush()
    _work(session, hashing, "warm-up@example.be", "x")  # the first unknown email of a process also makes the dummy hash
    known = _work(session, hashing, people.pen.email, "wrong password!")
    unknown = _work(session, hashing, "nobody@example.be", "wrong password!")
    odd = _work(session, hashing, "not an email at all", "")
    deactivated_wrong = _work(session, hashing, people.viewer.email, "wrong password!")
    deactivated_right = _work(session, hashing, people.viewer.email, PASSWORD)
    expected = [people.pen.password_hash.split("$", 1)[0]]
    assert expected[0].startswith(method.split(":")[0])
    assert known == unknown == odd == deactivated_wrong == deactivated_right == expected


def test_unknown_email_is_still_refused_with_the_same_message(session, people):
    with pytest.raises(AuthenticationFailed) as unknown:
        accounts.authenticate(session, "nobody@example.be", PASSWORD)
    with pytest.raises(AuthenticationFailed) as wrong:
        accounts.authenticate(session, people.pen.email, "wrong password!")
    assert unknown.value.message == wrong.value.message == "Unknown email address or wrong password."
