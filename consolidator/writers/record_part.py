"""The exported policy's record of its session, as a custom XML part (kept by Word, not shown).

The part is `/customXml/itemN.xml` (the first free N: a template may bring its own items),
related from the main document part, with its properties part naming the record's namespace,
as Word writes custom XML parts itself.
"""

from __future__ import annotations

import uuid

from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from lxml import etree

ITEM_TYPE = "application/xml"
PROPERTIES_TYPE = "application/vnd.openxmlformats-officedocument.customXmlProperties+xml"
_DATASTORE = "http://schemas.openxmlformats.org/officeDocument/2006/customXml"


def attach_custom_xml(document: Document, xml: bytes) -> str:
    """Returns the part name after adding `xml` as a custom XML part of `document`, with a
    properties part that names the namespace of its root element as its schema."""
    namespace = etree.QName(etree.fromstring(xml)).namespace or ""
    package = document.part.package
    name = package.next_partname("/customXml/item%d.xml")
    item = Part(name, ITEM_TYPE, xml, package)
    properties_name = PackURI(name.replace("/customXml/item", "/customXml/itemProps"))
    properties = Part(properties_name, PROPERTIES_TYPE, _properties_xml(namespace), package)
    item.relate_to(properties, RT.CUSTOM_XML_PROPS)
    document.part.relate_to(item, RT.CUSTOM_XML)
    return str(name)


def _properties_xml(namespace: str) -> bytes:
    item_id = "{" + str(uuid.uuid4()).upper() + "}"
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n'
        f'<ds:datastoreItem ds:itemID="{item_id}" xmlns:ds="{_DATASTORE}">'
        f'<ds:schemaRefs><ds:schemaRef ds:uri="{namespace}"/></ds:schemaRefs>'
        "</ds:datastoreItem>"
    ).encode()
