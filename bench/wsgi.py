"""The WSGI application the load test serves with gunicorn: ProductionConfig when PLENIPO_ENV=production.

gunicorn --pythonpath . 'bench.wsgi:application'
"""

from __future__ import annotations

from app import create_app

application = create_app()  # PLENIPO_ENV chooses the configuration, as for gunicorn 'app:create_app()'
