"""Notifications in the app and by mail: the inbox page, one-click unsubscribe, follow buttons (routes), the
mail each notification becomes (mail), and `plenipo worker`'s loop (worker)."""
