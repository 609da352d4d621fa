"""`plenipo export` and `plenipo import`: Word files from and to the command line."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

from app.cli.base import acting_user, domain_errors
from app.extensions import db
from app.i18n import LANGUAGES
from app.word.export_texts import import_languages, word_labels
from exports import formats
from exports.documents import ExportOptions, export_position
from positions.actors import SYSTEM
from positions.errors import NotFound, ValidationFailed
from positions.models import Position
from positions.services.positions import DEFAULT_WORKFLOW


class RegistryChoice(click.Choice):
    """A choice among the keys of the export registry, read when the command runs (formats may be added at start-up)."""

    def __init__(self, keys) -> None:
        super().__init__(())
        self._keys = keys

    @property
    def choices(self) -> tuple[str, ...]:
        return tuple(self._keys())

    @choices.setter
    def choices(self, value) -> None:
        pass  # click sets it in __init__; the registry is the source


@click.command("export")
@click.argument("position_id", type=int)
@click.option("--version", "version", type=click.IntRange(min=1), default=None, help="Version number (default: the current draft).")
@click.option("--layout", type=RegistryChoice(lambda: [layout.key for layout in formats.layouts()]), default="position",
              show_default=True)
@click.option("--format", "format_key", type=RegistryChoice(lambda: list(formats.FORMATS)), default=None,
              help="File format (default: from FILE's extension, else docx).")
@click.option("--comments", is_flag=True, help="Include the comments as Word comments (position layout).")
@click.option("--redline-from", type=click.IntRange(min=1), default=None, help="Show changes since this version as tracked changes.")
@click.option("--library-sources", type=click.Choice(["comment", "footnote"]), default=None,
              help="Write where library wording came from, as Word comments or footnotes (position layout).")
@click.option("--csv", "as_csv", is_flag=True, help="Same as --format csv.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True, path_type=Path), required=True, help="File to write.")
@click.option("--locale", type=click.Choice(list(LANGUAGES)), default="en", show_default=True,
              help="Language of the fixed texts (headings, 'Page X of Y', DRAFT, table headers).")
@with_appcontext
@domain_errors
def export_command(position_id: int, version: int | None, layout: str, format_key: str | None, comments: bool,
                   redline_from: int | None, library_sources: str | None, as_csv: bool, output: Path, locale: str):
    """Export a position (a version or the draft) to a Word file."""
    position = db.session.get(Position, position_id)
    if position is None:
        raise NotFound(f"There is no position {position_id}.")
    by_extension = {f.extension: f.key for f in formats.formats()}
    format_key = format_key or ("csv" if as_csv else by_extension.get(output.suffix.lower().lstrip("."), "docx"))
    options = ExportOptions(version=version, layout=layout, comments=comments, redline_from=redline_from,
                            format=format_key, library_sources=library_sources or "")
    result = export_position(db.session, SYSTEM, position, options, labels=word_labels(locale))
    output.write_bytes(result.data)
    click.echo(f"Wrote {output} ({len(result.data):,} bytes, {layout}, {'v' + str(version) if version else 'draft'}).")


@click.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, readable=True, path_type=Path))
@click.option("--as", "email", default=None, help="Pen-holder to import as (default: the first active pen-holder).")
@click.option("--title", default=None, help="Title (default: the document's title, else its first heading).")
@click.option("--meeting", default=None, help="Meeting (default: from the file's title block).")
@click.option("--agenda-item", default=None, help="Agenda item (default: from the file's title block).")
@click.option("--document-symbol", default=None, help="Document symbol (default: from the file's title block).")
@click.option("--consulted", default="", help="Consulted administrations, comma-separated codes.")
@click.option("--confidentiality", type=click.Choice(["public", "limited", "restricted"]), default="limited", show_default=True)
@click.option("--workflow", default=DEFAULT_WORKFLOW, show_default=True, help="Workflow key (shipped or in WORKFLOW_PATH).")
@with_appcontext
@domain_errors
def import_command(file: Path, email: str | None, title: str | None, meeting: str | None, agenda_item: str | None,
                   document_symbol: str | None, consulted: str, confidentiality: str, workflow: str):
    """Import a Word file as a new position (prints what the import approximated or left out)."""
    # The Word reader is imported here, not with the module: `plenipo export` does not pay for it.
    from exports.imports.new_position import import_new_position, preview_new_position
    from exports.imports.safe_docx import MAX_BYTES

    actor = acting_user(email)
    if file.stat().st_size > MAX_BYTES:
        raise ValidationFailed(f"{file.name} is larger than the {MAX_BYTES // 2**20} MB a Word import accepts.")
    data = file.read_bytes()
    languages = import_languages()
    preview = preview_new_position(data, languages)
    given = {"title": title or preview.title, "meeting": meeting or preview.fields["meeting"],
             "agenda_item": agenda_item or preview.fields["agenda_item"]}
    missing = [f"--{name.replace('_', '-')}" for name, value in given.items() if not (value or "").strip()]
    if missing:
        raise click.UsageError(f"{file.name} does not say its {', '.join(m[2:].replace('-', ' ') for m in missing)}: "
                               f"give {' '.join(f'{m} …' for m in missing)}.")
    for warning in preview.warnings:
        click.echo(f"Warning: {warning}", err=True)
    position = import_new_position(
        db.session, actor, data, title=given["title"], meeting=given["meeting"], agenda_item=given["agenda_item"],
        document_symbol=document_symbol, consulted=[c for c in consulted.split(",") if c.strip()],
        confidentiality=confidentiality, filename=file.name, workflow_key=workflow, languages=languages,
    )
    click.echo(f"Created position {position.id} \u201c{position.title}\u201d with {len(preview.clauses)} clause(s) "
               f"as {actor.email}.")
