"""The Plenipo web application: create_app wires config, extensions and blueprints."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, current_app, has_app_context

from config import Config, ProductionConfig, config_from_environment

MIGRATIONS_DIR = str(Path(__file__).resolve().parent.parent / "migrations")


def create_app(config_class: type[Config] | None = None) -> Flask:
    """Build a configured Flask application; without a config class PLENIPO_ENV chooses, for gunicorn and the CLI alike."""
    config_class = config_class or config_from_environment()
    secret = config_class.secret_key() if issubclass(config_class, ProductionConfig) else None
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_object(config_class)
    if secret is not None:
        app.config["SECRET_KEY"] = secret  # the value checked is the value used (Config reads it at import)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    from workflows import service as workflow_service

    # A bad definition stops the start; each app serves its own workflows (outside any app: the shipped ones).
    workflow_service.init_app(app, lambda: current_app.extensions["workflows"] if has_app_context() else None)
    if app.config["SQLALCHEMY_DATABASE_URI"] == "sqlite://":
        from sqlalchemy.pool import StaticPool

        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {
            "poolclass": StaticPool,
            "connect_args": {"check_same_thread": False},
        }

    from app import database, i18n, security, templating
    from app.extensions import bootstrap, csrf, db, login_manager, migrate

    database.init_app(app)
    migrate.init_app(app, db, directory=MIGRATIONS_DIR, render_as_batch=True)
    csrf.init_app(app)
    bootstrap.init_app(app)
    i18n.init_app(app)
    security.init_app(app, login_manager)
    templating.init_app(app)

    from app import account  # noqa: I001  (profile and language switcher)
    from app import admin, api, auth, drafting, errors, health, review, views, word, workflow

    app.register_blueprint(health.bp)
    app.register_blueprint(auth.bp)
    app.register_blueprint(account.bp)
    app.register_blueprint(views.bp)
    app.register_blueprint(drafting.bp)
    app.register_blueprint(review.bp)
    app.register_blueprint(workflow.bp)
    app.register_blueprint(word.bp)
    app.register_blueprint(admin.bp)
    app.register_blueprint(api.bp)
    csrf.exempt(api.bp)
    errors.init_app(app)

    from app import cli

    cli.init_app(app)
    return app
