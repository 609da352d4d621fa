"""Custom document properties (docProps/custom.xml): Word and LibreOffice keep them when they save a file."""

from __future__ import annotations

from docx.document import Document as DocxDocument
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from lxml import etree

CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
RT_CUSTOM = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"
CT_CUSTOM = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"  # the format id Word gives user-defined properties
REDLINE_PROPERTY = "PlenipoRedline"  # "author|date" of the tracked changes Plenipo wrote (exports.docx.redline)


def add_custom_properties(document: DocxDocument, values: dict[str, str]) -> None:
    """Add text properties to the package, as Word writes them."""
    root = etree.Element(f"{{{CUSTOM_NS}}}Properties", nsmap={None: CUSTOM_NS, "vt": VT_NS})
    for pid, (name, value) in enumerate(values.items(), start=2):
        prop = etree.SubElement(root, f"{{{CUSTOM_NS}}}property", fmtid=FMTID, pid=str(pid), name=name)
        etree.SubElement(prop, f"{{{VT_NS}}}lpwstr").text = value
    blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    package = document.part.package
    part = Part(PackURI("/docProps/custom.xml"), CT_CUSTOM, blob, package)
    package.relate_to(part, RT_CUSTOM)


def read_custom_properties(root: etree._Element | None) -> dict[str, str]:
    """The text of every custom property of a parsed docProps/custom.xml."""
    if root is None:
        return {}
    return {prop.get("name", ""): "".join(prop.itertext()).strip() for prop in root.iter(f"{{{CUSTOM_NS}}}property")}
