"""Logging in and out, and changing one's own password."""
