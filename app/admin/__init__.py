"""Users and administrations (the admin role only)."""
