"""The extensions every app needs — the database and the languages — created once, attached in create_app.

The web's own (logins, CSRF, Bootstrap, rate limits) are in app/web/extensions.py, and Flask-Migrate is
attached only when migrations may run: a command-line task imports none of them.
"""

from __future__ import annotations

from flask_babel import Babel
from flask_sqlalchemy import SQLAlchemy

from positions.models import Base

db = SQLAlchemy(model_class=Base)
babel = Babel()
