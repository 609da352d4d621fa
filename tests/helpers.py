"""Small helpers for web and API tests."""

from __future__ import annotations

from tests.factories import PASSWORD


def attempt_login(client, user, password: str = PASSWORD, **extra):
    """Send the real login form; the caller checks what happened (for refusals)."""
    return client.post("/login", data={"email": user.email, "password": password, **extra})


def login(client, user, password: str = PASSWORD, **extra):
    """Log a user in through the real login form, and check that it worked."""
    response = attempt_login(client, user, password, **extra)
    assert response.status_code == 302 and "/login" not in response.headers.get("Location", ""), (
        f"{user.email} could not log in: {response.status_code} {response.get_data(as_text=True)[:300]!r}")
    return response


def token(client, user, password: str = PASSWORD) -> str:
    """Get an API token for a user."""
    response = client.post("/api/v1/tokens", json={"email": user.email, "password": password})
    assert response.status_code == 201, response.get_json()
    return response.get_json()["token"]


def bearer(client, user) -> dict[str, str]:
    """Authorization header for a user."""
    return {"Authorization": f"Bearer {token(client, user)}"}
