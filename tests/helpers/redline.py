"""Accept all / reject all of a redline .docx, done on its XML: what Word's buttons would give."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def resolve(docx: Path, out: Path, accept: bool) -> Path:
    """Returns `out`: the redline with every change accepted (or rejected), markup removed."""
    with zipfile.ZipFile(docx) as archive:
        parts = {i.filename: archive.read(i) for i in archive.infolist()}
    root = etree.fromstring(parts["word/document.xml"])
    drop, keep = (("del", "moveFrom"), ("ins", "moveTo")) if accept else \
        (("ins", "moveTo"), ("del", "moveFrom"))
    # paragraph marks and table rows first (their markers live in pPr/rPr and trPr)
    for tr in root.xpath(f"//w:tr[w:trPr/w:{drop[0]}]", namespaces=NS):
        tr.getparent().remove(tr)
    for tbl in root.xpath("//w:tbl[not(w:tr)]", namespaces=NS):
        tbl.getparent().remove(tbl)
    for mark in root.xpath("//w:trPr/w:ins | //w:trPr/w:del", namespaces=NS):
        mark.getparent().remove(mark)
    doomed = root.xpath(" | ".join(f"//w:p[w:pPr/w:rPr/w:{t}]" for t in drop), namespaces=NS)
    for tag in drop:
        for el in root.xpath(f"//w:{tag}[not(parent::w:rPr)]", namespaces=NS):
            el.getparent().remove(el)
    for tag in keep:
        for el in root.xpath(f"//w:{tag}[not(parent::w:rPr)]", namespaces=NS):
            parent = el.getparent()
            index = parent.index(el)
            for child in reversed(list(el)):
                parent.insert(index, child)
            parent.remove(el)
    for el in root.xpath("//w:pPr/w:rPr/*[self::w:ins or self::w:del or self::w:moveFrom or "
                         "self::w:moveTo] | //*[contains(local-name(), 'RangeStart') and "
                         "starts-with(local-name(), 'move')] | //*[contains(local-name(), "
                         "'RangeEnd') and starts-with(local-name(), 'move')]", namespaces=NS):
        el.getparent().remove(el)
    for el in root.iter(w("delText")):
        el.tag = w("t")
    for p in doomed:  # a removed paragraph mark joins what is left with the next paragraph
        rest = [c for c in p if c.tag != w("pPr")]
        nxt = p.getnext()
        if rest and nxt is not None and nxt.tag == w("p"):
            ppr = nxt.find(w("pPr"))
            at = 1 if ppr is not None else 0
            for child in reversed(rest):
                nxt.insert(at, child)
        elif rest:
            continue
        p.getparent().remove(p)
    parts["word/document.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                                standalone=True)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    out.write_bytes(buffer.getvalue())
    return out


