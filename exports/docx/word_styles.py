"""Custom Word styles: clause kinds (visibly distinct, not by colour alone) and helpers."""

from __future__ import annotations

from docx.document import Document as DocxDocument

from .ooxml import fragment, make, w

# Style ids by clause kind; the style *names* (second value) are what the importer recognises.
KIND_STYLES: dict[str, tuple[str, str]] = {
    "text": ("Clause", "Clause"),
    "line_to_take": ("LineToTake", "Line to take"),
    "fallback": ("Fallback", "Fallback"),
    "red_line": ("RedLine", "Red line"),
    "background": ("Background", "Background"),
}
KIND_BY_STYLE_NAME = {name.lower(): kind for kind, (_, name) in KIND_STYLES.items()}
LABEL_STYLE = "KindLabel"
CODE_STYLE = "InlineCode"
HYPERLINK_STYLE = "Hyperlink"
HEADING_STYLES = ("Heading1", "Heading2")
FONT = "Calibri"

# Left border (pattern, width in eighths of a point, colour) and shading per kind.
_KIND_LOOK = {
    "LineToTake": ("single", 24, "2E7D32", "EDF5EE", ""),
    "Fallback": ("dashed", 18, "B26A00", "FFF6E5", ""),
    "RedLine": ("double", 18, "B71C1C", "FDECEC", ""),
    "Background": ("dotted", 12, "6B6B6B", "", '<w:i/><w:color w:val="404040"/><w:sz w:val="20"/>'),
}


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
    styles = [
        _paragraph_style(
            "Clause", "Clause", "Normal",
            '<w:spacing w:before="60" w:after="120" w:line="264" w:lineRule="auto"/>',
        ),
    ]
    for style_id, (pattern, size, colour, fill, rpr) in _KIND_LOOK.items():
        name = next(n for sid, n in KIND_STYLES.values() if sid == style_id)
        shading = f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>' if fill else ""
        ppr = (
            f'<w:pBdr><w:left w:val="{pattern}" w:sz="{size}" w:space="6" w:color="{colour}"/></w:pBdr>'
            f"{shading}"
        )
        styles.append(_paragraph_style(style_id, name, "Clause", ppr, rpr))
    styles += [
        _paragraph_style(
            "TitleBlock", "Title Block", "Normal",
            '<w:spacing w:before="0" w:after="0"/>', '<w:sz w:val="18"/>',
        ),
        _paragraph_style("CommentText", "annotation text", "Normal", "", '<w:sz w:val="20"/>'),
        _character_style(LABEL_STYLE, "Kind Label", '<w:b/><w:smallCaps/>'),
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
