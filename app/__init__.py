"""The Plenipo web application: create_app wires config, extensions and blueprints."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, current_app, has_app_context

from config import Config, ProductionConfig, config_from_environment

MIGRATIONS_DIR = str(Path(__file__).resolve().parent.parent / "migrations")


def create_app(config_class: type[Config] | None = None, *, web: bool = True, migrations: bool = True) -> Flask:
    """Build a configured Flask application; without a config class PLENIPO_ENV chooses, for gunicorn and the CLI alike.

    web=False leaves out the pages, the API and their guards, migrations=False the schema migrations (Alembic):
    what a command-line task needs starts quicker.
    """
    config_class = config_class or config_from_environment()
    secret = config_class.secret_key() if issubclass(config_class, ProductionConfig) else None
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_object(config_class)
    if secret is not None:
        app.config["SECRET_KEY"] = secret  # the value checked is the value used (Config reads it at import)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    import workflows.eu_notices  # noqa: F401  (the member states' delegates hear of the EU events that concern them)
    from workflows import service as workflow_service

    # A bad definition stops the start; each app serves its own workflows (outside any app: the shipped ones).
    workflow_service.init_app(app, lambda: current_app.extensions["workflows"] if has_app_context() else None)
    if app.config["SQLALCHEMY_DATABASE_URI"] == "sqlite://":
        from sqlalchemy.pool import StaticPool

        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {
            "poolclass": StaticPool,
            "connect_args": {"check_same_thread": False},
        }

    from app import database, i18n
    from app.extensions import db

    database.init_app(app)
    from app import live

    live.init_app(app)  # after commit, position events go to the live streams of every host
    if migrations:
        from flask_migrate import Migrate

        Migrate(app, db, directory=MIGRATIONS_DIR, render_as_batch=True)
    i18n.init_app(app)
    if web:
        _add_web(app)
    return app


def _add_web(app: Flask) -> None:
    """The web pages, the API and what guards them; the command line's own tasks do without."""
    from app import api, cli, errors, request_guards, security
    from app.account import routes as account
    from app.admin import routes as admin
    from app.auth import routes as auth
    from app.calendars import routes as calendars
    from app.drafting import routes as drafting
    from app.eu import routes as eu
    from app.library import routes as library
    from app.live import routes as live
    from app.notify import routes as notify
    from app.official import routes as official
    from app.participants import routes as participants
    from app.positions import routes as positions
    from app.review import margin
    from app.review import routes as review
    from app.search import routes as search
    from app.site import routes as site
    from app.web import templating
    from app.web.extensions import bootstrap, csrf, login_manager
    from app.word import routes as word
    from app.workflow import routes as workflow
    from positions.clock import set_local_zone

    set_local_zone(app.config.get("TIMEZONE", "Europe/Brussels"))  # refuses to start on an unknown zone
    csrf.init_app(app)
    bootstrap.init_app(app)
    request_guards.init_app(app)  # first: its JSON depth check runs before anything parses the body
    security.init_app(app, login_manager)
    templating.init_app(app)
    for area in (site, auth, account, positions, drafting, review, margin, participants, eu, workflow, word, library, official,
                 admin, search, live, calendars, notify):
        app.register_blueprint(area.bp)
    app.register_blueprint(api.bp)
    csrf.exempt(api.bp)
    errors.init_app(app)
    cli.init_app(app)
