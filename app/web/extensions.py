"""The web's extensions: logins, CSRF on every form, locally served Bootstrap, rate limits on logging in."""

from __future__ import annotations

from flask_bootstrap import Bootstrap5
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect

login_manager = LoginManager()
csrf = CSRFProtect()
bootstrap = Bootstrap5()
# Storage (memory:// or redis://…) comes from RATELIMIT_STORAGE_URI; the limits themselves sit on the views.
limiter = Limiter(key_func=get_remote_address)
