"""Small helpers for web and API tests."""

from __future__ import annotations

from tests.factories import PASSWORD


def login(client, user, password: str = PASSWORD, **extra):
    """Log a user in through the real login form."""
    return client.post("/login", data={"email": user.email, "password": password, **extra})


def token(client, user, password: str = PASSWORD) -> str:
    """Get an API token for a user."""
    response = client.post("/api/v1/tokens", json={"email": user.email, "password": password})
    assert response.status_code == 201, response.get_json()
    return response.get_json()["token"]


def bearer(client, user) -> dict[str, str]:
    """Authorization header for a user."""
    return {"Authorization": f"Bearer {token(client, user)}"}
