"""The `plenipo` command line (also `flask --app app …`): one module per area, loaded only when used.

`plenipo --help` lists the commands without importing them or building the app; a command builds the
app when it runs — without the web pages and the API, unless it serves them (`run`, `routes`, `shell`).
Modules: accounts (demo, create-administration, create-user), word (export, import), backup (backup,
restore), audit (verify, checkpoint, baseline), library (list, show, add, import); base holds what they share.
"""

from __future__ import annotations

import importlib

import click
from flask import Flask
from flask.cli import FlaskGroup

# name: (module, attribute, one-line help shown by `plenipo --help`)
COMMANDS = {
    "demo": ("app.cli.accounts", "demo_command", "Load the demo administrations, users and positions (once)."),
    "create-administration": ("app.cli.accounts", "create_administration_command", "Add an administration."),
    "create-user": ("app.cli.accounts", "create_user_command", "Create a user account."),
    "export": ("app.cli.word", "export_command", "Export a position (a version or the draft) to a Word or CSV file."),
    "import": ("app.cli.word", "import_command", "Import a Word file as a new position."),
    "backup": ("app.cli.backup", "backup_command", "Write a consistent backup of the whole database to FILE."),
    "restore": ("app.cli.backup", "restore_command", "Replace ALL data with a backup, then verify it."),
    "audit": ("app.cli.audit", "audit_group", "The tamper-evident audit log: verify, checkpoint, baseline."),
    "library": ("app.cli.library", "library_group", "The agreed-language library: list, show, add, import entries."),
    "search": ("app.cli.search", "search_group", "The full-text search index: `plenipo search reindex` rebuilds it."),
    "worker": ("app.cli.worker", "worker_command", "Deliver mail, send reminders and digests, apply deadlines."),
    "db": ("flask_migrate.cli", "db", "The database schema: `plenipo db upgrade` migrates it to the latest revision."),
}
WEB_COMMANDS = frozenset({"run", "routes", "shell"})  # the commands that serve or show the web app
MIGRATION_COMMANDS = frozenset({"db", "shell"})  # the commands that need Alembic's migrations


def load_command(name: str) -> click.Command:
    """Import the command called `name`."""
    module, attribute, _ = COMMANDS[name]
    return getattr(importlib.import_module(module), attribute)


class LazyCommand(click.Command):
    """A command whose module is imported only when it is run or asked for its own help."""

    def __init__(self, name: str) -> None:
        super().__init__(name, help=COMMANDS[name][2])
        self.short_help = COMMANDS[name][2]
        self._real: click.Command | None = None

    @property
    def real(self) -> click.Command:
        if self._real is None:
            self._real = load_command(self.name)
        return self._real

    def make_context(self, info_name, args, parent=None, **extra):
        return self.real.make_context(info_name, args, parent=parent, **extra)

    def invoke(self, ctx):
        return self.real.invoke(ctx)

    def get_params(self, ctx):
        return self.real.get_params(ctx)


def _create_app_for_command() -> Flask:
    """The app a command needs: the web pages and the API only for the commands that serve them."""
    from app import create_app

    ctx = click.get_current_context(silent=True)
    names = set()
    while ctx is not None:
        names.add(ctx.info_name)
        ctx = ctx.parent
    return create_app(web=bool(names & WEB_COMMANDS), migrations=bool(names & MIGRATION_COMMANDS))


class PlenipoGroup(FlaskGroup):
    """Flask's group (run, routes, shell, db) plus Plenipo's commands, listed without building the app."""

    def __init__(self) -> None:
        super().__init__(create_app=_create_app_for_command, add_default_commands=True, load_dotenv=False)
        for name in COMMANDS:
            self.add_command(LazyCommand(name), name)

    def get_command(self, ctx, name):
        # Plenipo's own commands are known without scanning the installed packages for Flask plugins.
        if name in COMMANDS:
            return self.commands[name]
        return super().get_command(ctx, name)

    def list_commands(self, ctx) -> list[str]:
        self._load_plugin_commands()  # e.g. Flask-Migrate's `db`
        return sorted(self.commands)


def init_app(app: Flask) -> None:
    """Register the commands on the app's own CLI too (`flask --app app …`)."""
    for name in COMMANDS:
        app.cli.add_command(load_command(name), name)


def main() -> None:
    """Entry point of the `plenipo` console script; create_app() reads PLENIPO_ENV, as under gunicorn."""
    PlenipoGroup().main(prog_name="plenipo")
