"""Page furniture shared by every layout: A4 section, header, DRAFT watermark, footer, properties."""

from __future__ import annotations

import datetime as dt
import io
import re

import docx
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.section import Section
from docx.shared import Mm
from docx.text.paragraph import Paragraph
from lxml import etree

from exports.fixed_texts import Labels
from exports.model import ExportDocument

from .ooxml import fragment, make, paragraph, text_run, xml_safe
from .word_styles import add_styles
from .writer import RenderContext

_WATERMARK = """<w:r {NS} xmlns:v="urn:schemas-microsoft-com:vml"
 xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:w10="urn:schemas-microsoft-com:office:word">
<w:rPr><w:noProof/></w:rPr><w:pict>
<v:shapetype id="_x0000_t136" coordsize="21600,21600" o:spt="136" adj="10800"
 path="m@7,l@8,m@5,21600l@6,21600e">
<v:formulas><v:f eqn="sum #0 0 10800"/><v:f eqn="prod #0 2 1"/><v:f eqn="sum 21600 0 @1"/>
<v:f eqn="sum 0 0 @2"/><v:f eqn="sum 21600 0 @3"/><v:f eqn="if @0 @3 0"/><v:f eqn="if @0 21600 @1"/>
<v:f eqn="if @0 0 @2"/><v:f eqn="if @0 @4 21600"/><v:f eqn="mid @5 @6"/><v:f eqn="mid @8 @5"/>
<v:f eqn="mid @7 @8"/><v:f eqn="mid @6 @7"/><v:f eqn="sum @6 0 @5"/></v:formulas>
<v:path textpathok="t" o:connecttype="custom" o:connectlocs="@9,0;@10,10800;@11,21600;@12,10800"
 o:connectangles="270,180,90,0"/>
<v:textpath on="t" fitshape="t"/><v:handles><v:h position="#0,bottomRight" xrange="6629,14971"/>
</v:handles><o:lock v:ext="edit" text="t" shapetype="t"/></v:shapetype>
<v:shape id="PowerPlusWaterMarkObject1" o:spid="_x0000_s2049" type="#_x0000_t136"
 style="position:absolute;margin-left:0;margin-top:0;width:430pt;height:143pt;rotation:315;z-index:-251657216;mso-position-horizontal:center;mso-position-horizontal-relative:margin;mso-position-vertical:center;mso-position-vertical-relative:margin"
 o:allowincell="f" fillcolor="silver" stroked="f"><v:fill opacity=".5"/>
<v:textpath style="font-family:&quot;Calibri&quot;;font-size:1pt" string=""/>
<w10:wrap anchorx="margin" anchory="margin"/></v:shape></w:pict></w:r>"""

VML_NS = "urn:schemas-microsoft-com:vml"


def new_document(doc: ExportDocument, labels: Labels, *, landscape: bool = False) -> RenderContext:
    """Create a styled A4 document with header, watermark, footer and core properties."""
    document = docx.Document()
    _drop_template_extras(document)
    add_styles(document, labels.language)
    section = document.sections[0]
    _page_setup(section, landscape)
    _header(section, doc, labels)
    _footer(section, doc, labels)
    _core_properties(document, doc, labels)
    return RenderContext(document, labels)


def save(ctx: RenderContext) -> bytes:
    """Serialise the document to .docx bytes."""
    out = io.BytesIO()
    ctx.document.save(out)
    return out.getvalue()


def _drop_template_extras(document: DocxDocument) -> None:
    """Remove the template's thumbnail and custom XML so nothing foreign ships with an export."""
    package = document.part.package
    for rid, rel in list(package.rels.items()):
        if rel.reltype.endswith("/thumbnail"):
            package.rels.pop(rid)
    for rid, rel in list(document.part.rels.items()):
        if rel.reltype.endswith("/customXml"):
            document.part.rels.pop(rid)


def _page_setup(section: Section, landscape: bool) -> None:
    width, height = Mm(210), Mm(297)
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (height, width) if landscape else (width, height)
    section.left_margin = section.right_margin = Mm(20)
    section.top_margin = section.bottom_margin = Mm(20)
    section.header_distance = section.footer_distance = Mm(10)


def _header(section: Section, doc: ExportDocument, labels: Labels) -> None:
    header_p = section.header.paragraphs[0]
    header_p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    p = header_p._p
    if doc.confidentiality:
        text_run(doc.confidentiality.upper(), bold=True, parent=p)
    if not doc.is_final:
        p.append(watermark_run(labels.draft))


def watermark_run(text: str) -> etree._Element:
    """Build the VML text-path watermark run Word writes in a header for 'DRAFT'."""
    run = fragment(_WATERMARK.replace("\n", " "))
    textpath = run.findall(f".//{{{VML_NS}}}textpath")[-1]
    textpath.set("string", xml_safe(text))
    return run


def add_field(p: etree._Element, instruction: str, placeholder: str = "1") -> None:
    """Append a complex field (begin, instrText, separate, cached result, end) to a paragraph."""
    make("fldChar", make("r", p), fldCharType="begin")
    instr = make("instrText", make("r", p))
    instr.text = f" {instruction} "
    instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    make("fldChar", make("r", p), fldCharType="separate")
    text_run(placeholder, parent=p)
    make("fldChar", make("r", p), fldCharType="end")


def _footer(section: Section, doc: ExportDocument, labels: Labels) -> None:
    add_page_number(section.footer.paragraphs[0], doc, labels)


def add_page_number(footer_p: Paragraph, doc: ExportDocument, labels: Labels) -> None:
    """Write the footer line: symbol · version, then 'Page X of Y' as fields."""
    footer_p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p = footer_p._p
    ident = " \u00b7 ".join(x for x in (doc.document_symbol, doc.version_label) if x)
    if ident:
        text_run(ident + "    ", parent=p)
    if labels.page_before:
        text_run(labels.page_before, parent=p)
    add_field(p, "PAGE")
    text_run(labels.page_between, parent=p)
    add_field(p, "NUMPAGES")
    if labels.page_after:
        text_run(labels.page_after, parent=p)


def _core_properties(document: DocxDocument, doc: ExportDocument, labels: Labels) -> None:
    props = document.core_properties
    when = dt.datetime(doc.date.year, doc.date.month, doc.date.day)
    props.title = xml_safe(doc.title)
    props.author = props.last_modified_by = xml_safe(doc.author)
    props.subject = xml_safe(" \u2014 ".join(x for x in (doc.meeting, doc.agenda_item) if x))
    props.keywords = xml_safe(doc.document_symbol)
    props.version = xml_safe(doc.version_label)
    props.content_status = labels.status_final if doc.is_final else labels.status_draft
    props.category = xml_safe(doc.confidentiality)
    props.identifier = xml_safe(doc.content_hash or "")
    props.comments = xml_safe(f"{doc.stage_label} \u00b7 {doc.version_label}")
    props.language = labels.language
    props.created = props.modified = when
    match = re.search(r"\d+", doc.version_label)
    props.revision = int(match.group()) if match else 1


def title_block(ctx: RenderContext, doc: ExportDocument) -> None:
    """Write the title and a two-column table of meeting, item, symbol, stage, version, date, hash."""
    labels = ctx.labels
    title = ctx.append(paragraph("Title"))
    text_run(doc.title, parent=title)
    rows = [
        (labels.meeting, doc.meeting),
        (labels.agenda_item, doc.agenda_item),
        (labels.document_symbol, doc.document_symbol),
        (labels.stage, doc.stage_label),
        (labels.version, doc.version_label),
        (labels.date, labels.format_date(doc.date)),
        (labels.content_hash, doc.content_hash or "\u2014"),
    ]
    ctx.append(key_value_table(rows))
    ctx.append(paragraph())


def key_value_table(rows: list[tuple[str, str]]) -> etree._Element:
    """Build a bordered two-column table with bold keys."""
    tbl = make("tbl")
    tbl_pr = make("tblPr", tbl)
    make("tblStyle", tbl_pr, val="TableGrid")
    make("tblW", tbl_pr, w="5000", type="pct")
    grid = make("tblGrid", tbl)
    make("gridCol", grid, w="2600")
    make("gridCol", grid, w="7000")
    for key, value in rows:
        tr = make("tr", tbl)
        for text, bold, width in ((key, True, "2600"), (value, False, "7000")):
            tc = make("tc", tr)
            make("tcW", make("tcPr", tc), w=width, type="dxa")
            text_run(text, bold=bold, parent=paragraph("TitleBlock", tc))
    return tbl
