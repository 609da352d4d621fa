"""The user's own profile (language, API tokens) and the language switcher on every page."""
