"""The WSGI application the load test serves with gunicorn: ProductionConfig when PLENIPO_ENV=production.

gunicorn --pythonpath . 'bench.wsgi:application'
"""

from __future__ import annotations

import os

from app import create_app
from config import Config, ProductionConfig

application = create_app(ProductionConfig if os.environ.get("PLENIPO_ENV") == "production" else Config)
