"""The workflow panel, firing transitions, and a position's history (the audit log)."""
