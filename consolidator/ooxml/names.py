"""OOXML namespaces and precomputed tag names for the .docx reader, with Strict OOXML mapping."""

from __future__ import annotations

import re

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
M_NS = "http://schemas.openxmlformats.org/officeDocument/2006/math"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
WP_NS = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
V_NS = "urn:schemas-microsoft-com:vml"
O_NS = "urn:schemas-microsoft-com:office:office"
CP_NS = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
DC_NS = "http://purl.org/dc/elements/1.1/"
DCTERMS_NS = "http://purl.org/dc/terms/"

REL_OFFICE_DOCUMENT = R_NS + "/officeDocument"
REL_STYLES = R_NS + "/styles"
REL_NUMBERING = R_NS + "/numbering"
REL_FOOTNOTES = R_NS + "/footnotes"
REL_ENDNOTES = R_NS + "/endnotes"
REL_COMMENTS = R_NS + "/comments"
REL_HYPERLINK = R_NS + "/hyperlink"
REL_CORE = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"

_STRICT_URI = re.compile(rb"http://purl\.oclc\.org/ooxml/(\w+)/(\w+)")
_STRICT_MARK = b"purl.oclc.org/ooxml/"


def transitional(data: bytes) -> bytes:
    """Returns XML bytes with Strict OOXML namespace URIs rewritten to their transitional names.

    Strict names follow one pattern (`http://purl.oclc.org/ooxml/<area>/<name>` for
    `http://schemas.openxmlformats.org/<area>/2006/<name>`) for every part the reader looks at:
    wordprocessingml, relationships (also relationship types), math and drawingml.
    """
    if _STRICT_MARK not in data:
        return data
    return _STRICT_URI.sub(rb"http://schemas.openxmlformats.org/\1/2006/\2", data)


def w(local: str) -> str:
    """Returns the Clark name {w-namespace}local."""
    return f"{{{W_NS}}}{local}"


W_P = w("p")
W_R = w("r")
W_T = w("t")
W_DELTEXT = w("delText")
W_TAB = w("tab")
W_PTAB = w("ptab")
W_BR = w("br")
W_CR = w("cr")
W_NOBREAKHYPHEN = w("noBreakHyphen")
W_SOFTHYPHEN = w("softHyphen")
W_SYM = w("sym")
W_TBL = w("tbl")
W_TR = w("tr")
W_TC = w("tc")
W_SDT = w("sdt")
W_SDTCONTENT = w("sdtContent")
W_CUSTOMXML = w("customXml")
W_SMARTTAG = w("smartTag")
W_HYPERLINK = w("hyperlink")
W_FLDSIMPLE = w("fldSimple")
W_FLDCHAR = w("fldChar")
W_INSTRTEXT = w("instrText")
W_DELINSTRTEXT = w("delInstrText")
W_INS = w("ins")
W_DEL = w("del")
W_MOVETO = w("moveTo")
W_MOVEFROM = w("moveFrom")
W_BDO = w("bdo")
W_DIR = w("dir")
W_PPR = w("pPr")
W_RPR = w("rPr")
W_PSTYLE = w("pStyle")
W_NUMPR = w("numPr")
W_NUMID = w("numId")
W_ILVL = w("ilvl")
W_OUTLINELVL = w("outlineLvl")
W_B = w("b")
W_I = w("i")
W_U = w("u")
W_STRIKE = w("strike")
W_DSTRIKE = w("dstrike")
W_VAL = w("val")
W_ID = w("id")
W_TYPE = w("type")
W_CHAR = w("char")
W_FLDCHARTYPE = w("fldCharType")
W_ANCHOR = w("anchor")
W_FOOTNOTEREF = w("footnoteReference")
W_ENDNOTEREF = w("endnoteReference")
W_FOOTNOTE = w("footnote")
W_ENDNOTE = w("endnote")
W_CUSTOMMARK = w("customMarkFollows")
W_DRAWING = w("drawing")
W_PICT = w("pict")
W_OBJECT = w("object")
W_TXBXCONTENT = w("txbxContent")
W_COMMENTREF = w("commentReference")
W_COMMENT = w("comment")
W_ALTCHUNK = w("altChunk")
W_TCPR = w("tcPr")
W_GRIDSPAN = w("gridSpan")
W_VMERGE = w("vMerge")
W_BODY = w("body")
W_STYLE = w("style")
W_STYLEID = w("styleId")
W_NAME = w("name")
W_BASEDON = w("basedOn")
W_CHECKBOX = w("checkBox")
W_DEFAULT = w("default")
W_CHECKED = w("checked")
W_FFDATA = w("ffData")
W_FRAMEPR = w("framePr")
W_DROPCAP = w("dropCap")
W_SECTPR = w("sectPr")
W_FOOTNOTEPR = w("footnotePr")
W_ENDNOTEPR = w("endnotePr")
W_NUMFMT = w("numFmt")
W_DOCDEFAULTS = w("docDefaults")
W_RPRDEFAULT = w("rPrDefault")
W_LANG = w("lang")
W_NUMSTART = w("numStart")

R_ID = f"{{{R_NS}}}id"
R_EMBED = f"{{{R_NS}}}embed"

MC_ALTERNATE = f"{{{MC_NS}}}AlternateContent"
MC_CHOICE = f"{{{MC_NS}}}Choice"
MC_FALLBACK = f"{{{MC_NS}}}Fallback"

M_OMATH = f"{{{M_NS}}}oMath"
M_OMATHPARA = f"{{{M_NS}}}oMathPara"
M_T = f"{{{M_NS}}}t"

FALSE_VALUES = frozenset({"0", "false", "off", "none"})
