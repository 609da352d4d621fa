"""The agreed-language library pages."""
