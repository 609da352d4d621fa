"""The fixed texts of exports in the reader's language (exports.fixed_texts.Labels, built through gettext)."""

from __future__ import annotations

from babel.dates import get_month_names
from flask_babel import force_locale, get_locale, get_translations
from flask_babel import gettext as _

from app.i18n import LANGUAGES
from app.labels import CONFIDENTIALITY_LABELS
from exports.fixed_texts import Labels
from positions import kinds

WORD_LANGUAGE_TAGS = {"en": "en-GB", "fr": "fr-BE", "nl": "nl-BE"}


def _labels_now(locale: str) -> Labels:
    months = get_month_names("wide", locale=locale)
    return Labels(
        language=WORD_LANGUAGE_TAGS[locale],
        draft=_("DRAFT"),
        status_draft=_("Draft"),
        status_final=_("Final"),
        meeting=_("Meeting"),
        agenda_item=_("Agenda item"),
        document_symbol=_("Document symbol"),
        stage=_("Stage"),
        version=_("Version"),
        date=_("Date"),
        content_hash=_("Content hash"),
        delegation_lead=_("Delegation lead"),
        confidentiality=_("Confidentiality"),
        # "Page X of Y": the words around the two page-number fields.
        page_before=_("Page %(page)s of %(pages)s").split("%(page)s")[0],
        page_between=_("Page %(page)s of %(pages)s").split("%(page)s")[1].split("%(pages)s")[0],
        page_after=_("Page %(page)s of %(pages)s").split("%(pages)s")[1],
        label_separator=_(": "),
        # kinds and their brief sections: the English labels of positions/kinds.py, translated
        kind_labels={k.code: _(k.label) for k in kinds.KINDS},
        brief_titles={k.code: _(k.brief_section) for k in kinds.KINDS if k.brief_section},
        confidentiality_levels={level: str(text) for level, text in CONFIDENTIALITY_LABELS.items()},
        translate=get_translations().ugettext,  # bound to this language: stage names come from data
        brief=_("Plenary brief"),
        objective=_("Objective"),
        brief_position=_("Position"),
        clause_reference=_("(clause %(number)s)"),
        annex=_("Annex: EU-coordinated text"),
        eu_text_title=_("EU text — %(title)s"),
        eu_draft=_("EU draft"),
        eu_version=_("EU version %(number)s"),
        none=_("None."),
        comment_kind_comment=_("Comment"),
        comment_kind_question=_("Question"),
        comment_kind_support=_("Support"),
        comment_kind_reservation=_("Reservation"),
        comment_kind_amendment=_("Amendment"),
        comment_status_open=_("Open"),
        comment_status_resolved=_("Resolved"),
        comment_status_accepted=_("Accepted"),
        comment_status_rejected=_("Rejected"),
        comment_status_withdrawn=_("Withdrawn"),
        comment_status=_("Status"),
        comment_on=_("On"),
        proposed_text=_("Proposed text"),
        response=_("Response"),
        reply_prefix=_("Re: "),
        library_source=_("From the library: %(source)s"),
        library_author=_("Agreed-language library"),
        library_paragraph=_("%(source)s, para. %(paragraph)s"),
        comments_title=_("Comments"),
        col_clause=_("Clause"),
        col_administration=_("Administration"),
        col_author=_("Author"),
        col_kind=_("Kind"),
        col_comment=_("Comment"),
        col_quote=_("Quoted text"),
        col_status=_("Status"),
        col_response=_("Response"),
        col_date=_("Date"),
        col_endorsements=_("Endorsed by"),
        unknown_clause=_("(clause not in this version)"),
        months=tuple(months[m] for m in range(1, 13)),
        date_pattern="{day} {month} {year}",
    )


def word_labels(locale: str | None = None) -> Labels:
    """Labels in ``locale`` (en, fr or nl), or in the current request's language."""
    chosen = locale if locale in LANGUAGES else str(get_locale() or "en")
    if chosen not in LANGUAGES:
        chosen = "en"
    with force_locale(chosen):
        return _labels_now(chosen)


def import_languages() -> tuple[Labels, ...]:
    """The fixed texts of every interface language: a file exported in any of them is recognised on import."""
    return tuple(word_labels(locale) for locale in LANGUAGES)
