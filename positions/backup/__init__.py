"""Backups of the whole database and their restore, checked: archive (the file and its manifest), sqlite and
postgres (each backend's own tool), backups (create, restore, verify a restored database)."""
