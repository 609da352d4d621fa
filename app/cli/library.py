"""`plenipo library`: list, show, add and import agreed language as a named user, with the web's permission checks.

Every refusal, and every wrong option or value, is one line on standard error with exit status 2; `--json`
writes the API's own shapes (GET /api/v1/library, GET /api/v1/library/<id>).
"""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from app.cli.base import BadInput, acting_user, domain_errors
from app.extensions import db
from positions.models import LIBRARY_LANGUAGES, LIBRARY_STATUSES, LibraryEntry
from positions.services import library

AS_HELP = "The user to act as (default: the first active pen-holder); their permissions apply."


class OneLineCommand(click.Command):
    """A command whose wrong options are one line and exit status 2, like its refusals (no usage text)."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except click.UsageError as error:
            raise BadInput(error.format_message()) from error


class OneLineGroup(click.Group):
    """The library's group: an unknown command is one line too."""

    command_class = OneLineCommand

    def resolve_command(self, ctx: click.Context, args: list[str]):
        try:
            return super().resolve_command(ctx, args)
        except click.UsageError as error:
            raise BadInput(error.format_message()) from error


def _echo_json(body) -> None:
    click.echo(current_app.json.dumps(body.model_dump(mode="json", by_alias=True), indent=2))


def _warn(warnings) -> None:
    for warning in warnings:
        click.echo(f"Warning: {warning}", err=True)


def _line(entry: LibraryEntry, width: int = 70) -> str:
    text = " ".join(entry.text.split())
    text = text if len(text) <= width else text[: width - 1] + "…"
    return f"{entry.id}\t{entry.status}\t{entry.language}\t{entry.label or '-'}\t{text}"


@click.group("library", cls=OneLineGroup)
def library_group():
    """The agreed-language library: list, show, add, import."""


@library_group.command("list")
@click.option("--q", "text", default="", help="Words the wording, symbol, meeting or notes contain.")
@click.option("--status", type=click.Choice(LIBRARY_STATUSES), default=None)
@click.option("--tag", default="")
@click.option("--language", type=click.Choice(LIBRARY_LANGUAGES), default=None)
@click.option("--meeting", default="", help="Part of the source meeting's name.")
@click.option("--page", type=click.IntRange(min=1, max=100_000), default=1, show_default=True)
@click.option("--per-page", type=click.IntRange(min=1, max=library.MAX_PAGE), default=50, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Write what GET /api/v1/library answers.")
@click.option("--as", "email", default=None, help=AS_HELP)
@with_appcontext
@domain_errors(exit_code=2)
def list_command(text: str, status: str | None, tag: str, language: str | None, meeting: str, page: int, per_page: int,
                 as_json: bool, email: str | None):
    """The entries the user may read, newest first: one per line (id, status, language, source, wording)."""
    reader = acting_user(email)
    filters = library.LibraryFilter(status=status or "", tag=tag, language=language or "", meeting=meeting, text=text.strip())
    entries, total = library.list_entries(db.session, reader, filters, page=page, per_page=per_page)
    if as_json:
        from app.library.shapes import entry_list

        _echo_json(entry_list(entries, total, page, per_page))
        return
    for entry in entries:
        click.echo(_line(entry))
    shown = f"{(page - 1) * per_page + 1}–{(page - 1) * per_page + len(entries)} of " if entries else "0 of "
    click.echo(f"{shown}{total} entr{'y' if total == 1 else 'ies'}.", err=True)


@library_group.command("show")
@click.argument("entry_id", metavar="ID", type=click.IntRange(min=1, max=2**31 - 1))
@click.option("--json", "as_json", is_flag=True, help="Write what GET /api/v1/library/ID answers.")
@click.option("--as", "email", default=None, help=AS_HELP)
@with_appcontext
@domain_errors(exit_code=2)
def show_command(entry_id: int, as_json: bool, email: str | None):
    """One entry: its wording, source, status, tags, provenance and where it was used."""
    from app.library.shapes import entry_detail

    reader = acting_user(email)
    detail = entry_detail(db.session, reader, library.get_entry(db.session, reader, entry_id))
    if as_json:
        _echo_json(detail)
        return
    source = detail.source
    rows = [("Entry", str(detail.id)), ("Status", detail.status), ("Language", detail.language),
            ("Source", detail.label or "-"), ("Meeting", source.meeting), ("Symbol", source.symbol),
            ("Paragraph", source.paragraph), ("Date", source.date or ""), ("Tags", ", ".join(detail.tags)),
            ("Notes", detail.notes),
            ("From", f"position {detail.origin.position_id}, clause {detail.origin.clause_uid}, v{detail.origin.version}"
             if detail.origin else ""),
            ("Used in", ", ".join(f"position {u.position_id} clause {u.number or u.clause_uid}" for u in detail.used_in))]
    for name, value in rows:
        if value:
            click.echo(f"{name + ':':<11}{value}")
    click.echo("")
    click.echo(detail.text)


def _source_options(fn):
    """The source options that add and import share, as the service names them."""
    for decorator in reversed([
        click.option("--language", type=click.Choice(LIBRARY_LANGUAGES), default="en", show_default=True),
        click.option("--symbol", default="", help="Document symbol, e.g. IPBES-11/1."),
        click.option("--date", "source_date", default=None, help="Date of the source, YYYY-MM-DD."),
        click.option("--tag", "tags", multiple=True, help="A tag (repeat for several, or separate by commas)."),
        click.option("--as", "email", default=None, help=AS_HELP),
        click.option("--json", "as_json", is_flag=True, help="Write the new entries as the API answers them."),
    ]):
        fn = decorator(fn)
    return fn


@library_group.command("add")
@click.option("--text", required=True, help="The wording (Markdown).")
@click.option("--source-meeting", "meeting", default="", help="The meeting the wording comes from, e.g. IPBES-11.")
@click.option("--paragraph", default="", help="The paragraph of the source, e.g. 3 or 2 (a).")
@click.option("--status", type=click.Choice(LIBRARY_STATUSES), default="proposed", show_default=True)
@click.option("--notes", default="")
@_source_options
@with_appcontext
@domain_errors(exit_code=2)
def add_command(text: str, meeting: str, paragraph: str, status: str, notes: str, language: str, symbol: str,
                source_date: str | None, tags: tuple[str, ...], email: str | None, as_json: bool):
    """Add wording to the library (pen-holder or delegation lead)."""
    actor = acting_user(email)
    entry = library.create_entry(db.session, actor, text=text, language=language, meeting=meeting, symbol=symbol,
                                 paragraph=paragraph, source_date=source_date, status=status, tags=",".join(tags), notes=notes)
    if as_json:
        from app.library.shapes import entry_detail

        _echo_json(entry_detail(db.session, actor, entry))
        return
    click.echo(f"Added library entry {entry.id} ({entry.label or 'no source'}, {entry.status}) as {actor.email}.")


@library_group.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, readable=True, path_type=Path))
@click.option("--meeting", default="", help="The meeting that adopted the decision, e.g. IPBES-11.")
@click.option("--status", type=click.Choice(LIBRARY_STATUSES), default="adopted_plenary", show_default=True)
@click.option("--dry-run", is_flag=True, help="Only list the numbered paragraphs that would be added.")
@_source_options
@with_appcontext
@domain_errors(exit_code=2)
def import_command(file: Path, meeting: str, status: str, dry_run: bool, language: str, symbol: str,
                   source_date: str | None, tags: tuple[str, ...], email: str | None, as_json: bool):
    """Add one entry per numbered paragraph of an adopted decision (.docx), each with the source given."""
    # The Word reader is imported here, not with the module: the other commands do not pay for it.
    from exports.imports.library_import import import_library_entries, preview_library_import
    from exports.imports.safe_docx import MAX_BYTES

    actor = acting_user(email)
    if file.stat().st_size > MAX_BYTES:
        raise BadInput(f"{file.name} is larger than the {MAX_BYTES // 2**20} MB a Word import accepts.")
    data = file.read_bytes()
    document = preview_library_import(actor, data)
    if dry_run:
        _warn(document.warnings)
        for paragraph in document.paragraphs:
            click.echo(f"{paragraph.number}\t{' '.join(paragraph.text.split())}")
        click.echo(f"{len(document.paragraphs)} numbered paragraph(s); nothing was added (--dry-run).", err=True)
        return
    source = {"meeting": meeting, "symbol": symbol, "source_date": source_date, "status": status, "language": language,
              "tags": ",".join(tags)}
    added = import_library_entries(db.session, actor, data, **source)
    _warn(document.warnings)  # after the checks: a refusal stays the only line
    if as_json:
        from app.library.shapes import entry_list

        _echo_json(entry_list(added, len(added), 1, max(1, len(added))))
        return
    click.echo(f"Added {len(added)} entries to the library from {file.name} as {actor.email}.")
