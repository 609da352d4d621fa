"""Custom Word styles: one per clause kind of the kinds table (visibly distinct, not by colour alone), and helpers."""

from __future__ import annotations

from docx.document import Document as DocxDocument

from positions import kinds
from positions.kinds import ClauseKind

from .ooxml import fragment, make, w

BODY_STYLE = "Clause"  # every kind's paragraph style is based on it; a section's body paragraphs use it
HEADING_STYLE = "Heading1"
LABEL_STYLE = "KindLabel"
REFERENCE_STYLE = "ClauseReference"
CODE_STYLE = "InlineCode"
TABLE_STYLE = "TitleBlock"  # compact paragraphs in table cells
HYPERLINK_STYLE = "Hyperlink"
FONT = "Calibri"
_QUIET_TEXT = '<w:i/><w:color w:val="404040"/><w:sz w:val="20"/>'  # italic, grey, 10 pt


def kind_style(kind: str) -> str:
    """The Word paragraph style id of a clause kind's paragraphs (plain clauses for an unknown kind)."""
    row = kinds.KIND.get(kind)
    if row is None or row.is_section:
        return BODY_STYLE
    return row.style_id


def _kind_style_xml(kind: ClauseKind) -> str:
    """A kind's paragraph style: the plain clause style with the kind's left border, shading and text."""
    look = kind.look
    ppr = ""
    if look.border:
        ppr += (f'<w:pBdr><w:left w:val="{look.border}" w:sz="{look.width}" w:space="6" w:color="{look.colour}"/>'
                "</w:pBdr>")
    if look.fill:
        ppr += f'<w:shd w:val="clear" w:color="auto" w:fill="{look.fill}"/>'
    return _paragraph_style(kind.style_id, kind.style, BODY_STYLE, ppr, _QUIET_TEXT if look.italic else "")


def _paragraph_style(style_id: str, name: str, based_on: str, ppr: str, rpr: str = "") -> str:
    return (
        f'<w:style {{NS}} w:type="paragraph" w:customStyle="1" w:styleId="{style_id}">'
        f'<w:name w:val="{name}"/><w:basedOn w:val="{based_on}"/><w:qFormat/>'
        f"<w:pPr>{ppr}</w:pPr>{f'<w:rPr>{rpr}</w:rPr>' if rpr else ''}</w:style>"
    )


def _character_style(style_id: str, name: str, rpr: str) -> str:
    return (
        f'<w:style {{NS}} w:type="character" w:customStyle="1" w:styleId="{style_id}">'
        f'<w:name w:val="{name}"/><w:rPr>{rpr}</w:rPr></w:style>'
    )


def _style_xml() -> list[str]:
    exported = [k for k in kinds.KINDS if k.exported and not k.is_section]
    styles = [_paragraph_style(BODY_STYLE, BODY_STYLE, "Normal",
                               '<w:spacing w:before="60" w:after="120" w:line="264" w:lineRule="auto"/>')]
    styles += [_kind_style_xml(kind) for kind in exported if kind.style_id != BODY_STYLE]
    styles += [
        _paragraph_style(
            "TitleBlock", "Title Block", "Normal",
            '<w:spacing w:before="0" w:after="0"/>', '<w:sz w:val="18"/>',
        ),
        _paragraph_style("CommentText", "annotation text", "Normal", "", '<w:sz w:val="20"/>'),
        _character_style(LABEL_STYLE, "Kind Label", '<w:b/><w:smallCaps/>'),
        _character_style(REFERENCE_STYLE, "Clause Reference", '<w:color w:val="595959"/><w:sz w:val="18"/>'),
        _character_style(
            CODE_STYLE, "Inline Code",
            '<w:rFonts w:ascii="Consolas" w:hAnsi="Consolas" w:cs="Consolas"/>'
            '<w:shd w:val="clear" w:color="auto" w:fill="F2F2F2"/>',
        ),
        _character_style(HYPERLINK_STYLE, "Hyperlink", '<w:color w:val="0563C1"/><w:u w:val="single"/>'),
        _character_style("CommentReference", "annotation reference", '<w:sz w:val="16"/>'),
    ]
    return styles


def add_styles(document: DocxDocument, language: str) -> None:
    """Add the clause-kind, label, code, hyperlink and comment styles; set the proofing language."""
    root = document.styles.element
    existing = {s.get(w("styleId")) for s in root.iter(w("style"))}
    for xml in _style_xml():
        style = fragment(xml)
        if style.get(w("styleId")) not in existing:
            root.append(style)
    defaults = root.find(w("docDefaults"))
    rpr = defaults.find(f"{w('rPrDefault')}/{w('rPr')}") if defaults is not None else None
    if rpr is not None:
        for old in rpr.findall(w("rFonts")) + rpr.findall(w("lang")):
            rpr.remove(old)
        rpr.insert(0, make("rFonts", ascii=FONT, hAnsi=FONT, cs=FONT, eastAsia=FONT))
        make("lang", rpr, val=language)
