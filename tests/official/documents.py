"""Official documents in the Secretariat's shape, written as Word writes them (numbering.xml lists and typed numbers)."""

from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>"""
RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>"""
DOC_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/></Relationships>"""
CORE = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>{title}</dc:title><dc:creator>IPBES Secretariat</dc:creator></cp:coreProperties>"""
STYLES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="{W}"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman"/><w:sz w:val="20"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="120" w:line="240" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style><w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:pPr><w:keepNext/><w:spacing w:before="240" w:after="120"/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Normalnumber"><w:name w:val="Normal_number"/><w:basedOn w:val="Normal"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr><w:tabs><w:tab w:val="left" w:pos="624"/></w:tabs></w:pPr></w:style></w:styles>"""
NUMBERING = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering xmlns:w="{W}"><w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="multilevel"/><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="1247" w:hanging="624"/></w:pPr></w:lvl><w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="(%2)"/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="1871" w:hanging="624"/></w:pPr></w:lvl><w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="lowerRoman"/><w:lvlText w:val="(%3)"/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="2495" w:hanging="624"/></w:pPr></w:lvl></w:abstractNum><w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num></w:numbering>"""


def run(text: str, bold: bool = False, italic: bool = False) -> str:
    props = ("<w:b/>" if bold else "") + ("<w:i/>" if italic else "")
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    return f'<w:r w:rsidR="00A1B2C3">{rpr}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def para(*runs: str, style: str = "", num: tuple[int, int] | None = None) -> str:
    ppr = (f'<w:pStyle w:val="{style}"/>' if style else "") + (
        f'<w:numPr><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr>' if num else "")
    return f'<w:p w:rsidR="00A1B2C3" w:rsidRDefault="00A1B2C3">{f"<w:pPr>{ppr}</w:pPr>" if ppr else ""}{"".join(runs)}</w:p>'


def docx(paragraphs: list[str], title: str = "") -> bytes:
    body = "".join(paragraphs) + '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1417" w:right="1417" w:bottom="1417" w:left="1417" w:header="708" w:footer="708" w:gutter="0"/></w:sectPr>'
    document = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>'
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", RELS)
        z.writestr("word/_rels/document.xml.rels", DOC_RELS)
        z.writestr("word/document.xml", document)
        z.writestr("word/styles.xml", STYLES)
        z.writestr("word/numbering.xml", NUMBERING)
        z.writestr("docProps/core.xml", CORE.format(title=escape(title)))
    return out.getvalue()


def numbered(text: str, level: int = 0) -> str:
    """A paragraph numbered by Word's list (the Secretariat's Normal_number style; sub-levels by w:numPr)."""
    return para(run(text), style="Normalnumber", num=(1, level) if level else None)


PREAMBLE = [
    para(run("IPBES/12/2", bold=True)),
    para(run("Draft decision IPBES-12/2: Work programme of the Platform", bold=True), style="Heading1"),
    para(run("The Plenary,", italic=True)),
    para(run("Recalling", italic=True), run(" decision IPBES-11/1, in which it approved the rolling work programme up to 2030,")),
]


def draft_decision() -> bytes:
    """IPBES/12/2: numbered paragraphs (Word lists) with lettered and roman sub-paragraphs, one typed number."""
    return docx(PREAMBLE + [
        numbered("Welcomes the progress report on the implementation of the work programme;"),
        numbered("Requests the Executive Secretary, within the limits of available resources:"),
        numbered("To publish the assessment of the interlinkages among biodiversity, water, food and health [by May 2027];", 1),
        numbered("To prepare a scoping report for a second global assessment, including:", 1),
        numbered("An analysis of indirect drivers {2.3.1};", 2),
        numbered("A gap analysis;", 2),
        numbered("To report to the Plenary at its thirteenth session;", 1),
        numbered("Invites Governments and stakeholders to submit comments on the draft scoping report;"),
        para(run("4.\tDecides to consider the budget at its thirteenth session.")),
    ], title="Work programme of the Platform")


def draft_decision_rev1() -> bytes:
    """IPBES/12/2/Rev.1: paragraph 1 unchanged, 2 (a) changed, 3 removed, 4 renumbered 3, a new paragraph 4."""
    return docx(PREAMBLE + [
        numbered("Welcomes the progress report on the implementation of the work programme;"),
        numbered("Requests the Executive Secretary, within the limits of available resources:"),
        numbered("To publish the assessment of the interlinkages among biodiversity, water, food and health [by December 2027] "
                 "in all official languages;", 1),
        numbered("To prepare a scoping report for a second global assessment, including:", 1),
        numbered("An analysis of indirect drivers {2.3.1};", 2),
        numbered("A gap analysis;", 2),
        numbered("To report to the Plenary at its thirteenth session;", 1),
        numbered("Decides to consider the budget at its thirteenth session."),
        numbered("Also requests the Bureau to review the stakeholder engagement strategy and report on it."),
    ], title="Work programme of the Platform")


def spm() -> bytes:
    """An SPM: headings 'A. …' and key messages A1, A2, B1 … with chapter references and bracketed text, typed by hand."""
    def key(number: str, text: str) -> str:
        return para(run(number, bold=True), run("\t" + text))
    return docx([
        para(run("IPBES/12/4", bold=True)),
        para(run("Summary for policymakers of the nexus assessment", bold=True), style="Heading1"),
        para(run("A. Biodiversity, water, food and health are interlinked", bold=True), style="Heading1"),
        key("A1.", "Biodiversity is declining at rates unprecedented in human history {2.3.1, 2.3.2}."),
        key("A2.", "Water scarcity affects [more than two billion] people {3.1}."),
        para(run("B. Options for action", bold=True), style="Heading1"),
        key("B1.", "Integrated approaches deliver [multiple] benefits {5.2; 5.4.1}."),
        key("B2.", "Finance flows [harmful to biodiversity] should be redirected {6.1}."),
        para(run("C. Enabling conditions", bold=True), style="Heading1"),
        key("C1.", "Transformative change requires inclusive governance {7.2}."),
    ], title="Summary for policymakers")


def _pdf_string(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def text_pdf(pages: list[list[tuple[float, str]]]) -> bytes:
    """A text PDF as a word processor lays one out: each line placed at its baseline (points from the bottom), Helvetica."""
    objects = ["<< /Type /Catalog /Pages 2 0 R >>", "", "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"]
    kids = []
    for lines in pages:
        stream = "\n".join(f"BT /F1 10 Tf 1 0 0 1 72 {y} Tm ({_pdf_string(text)}) Tj ET" for y, text in lines).encode("cp1252")
        objects.append(f"<< /Length {len(stream)} >>\nstream\n" + stream.decode("cp1252") + "\nendstream")
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents {len(objects)} 0 R >>")
        kids.append(f"{len(objects)} 0 R")
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} >>"
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n{body}\nendobj\n".encode("cp1252")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{o:010d} 00000 n \n" for o in offsets).encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def laid_out(paragraphs: list[list[str]], top: float = 780, line: float = 12, after: float = 8) -> list[tuple[float, str]]:
    """Paragraphs of wrapped lines placed down a page: `line` points between lines, `after` more between paragraphs."""
    y, placed = top, []
    for lines in paragraphs:
        for text in lines:
            placed.append((y, text))
            y -= line
        y -= after
    return placed


def spm_pdf() -> bytes:
    """The SPM as a text PDF, its key messages wrapped over several lines, on two pages."""
    return text_pdf([
        laid_out([
            ["IPBES/12/4"],
            ["Summary for policymakers of the nexus assessment"],
            ["A. Biodiversity, water, food and health are interlinked"],
            ["A1. Biodiversity is declining at rates unprecedented in human", "history {2.3.1, 2.3.2}."],
            ["A2. Water scarcity affects [more than two billion] people", "{3.1}."],
            ["The Plenary notes that these findings", "are preliminary."],
        ]),
        laid_out([
            ["B. Options for action"],
            ["B1. Integrated approaches deliver [multiple] benefits", "{5.2; 5.4.1}."],
            ["B2. Finance flows [harmful to biodiversity] should be", "redirected {6.1}."],
        ]),
    ])
