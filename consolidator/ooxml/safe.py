"""Bounded, non-networked access to zip packages and XML: the only way the tool opens them."""

from __future__ import annotations

import re
import struct
import zipfile
import zlib
from io import BytesIO

from lxml import etree

from consolidator.errors import LoadError

# Limits for what one document may expand to. A real 400-page policy is ~15 MB of XML.
MAX_MEMBER_BYTES = 200 * 1024 * 1024
MAX_TOTAL_BYTES = 400 * 1024 * 1024
MAX_RATIO = 200  # decompressed / compressed, for members over RATIO_FLOOR
RATIO_FLOOR = 8 * 1024 * 1024
MAX_MEMBERS = 20_000  # a large real .docx has a few hundred parts

_ZIP_ERRORS = (
    zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, KeyError,
    IndexError, struct.error, zlib.error, NotImplementedError, UnicodeDecodeError,
)

_PARSER_OPTIONS = dict(
    resolve_entities=False,  # never expand entities (billion laughs, external entities)
    no_network=True,
    load_dtd=False,
    dtd_validation=False,
    huge_tree=False,  # keeps libxml2's depth and text-node limits
    remove_comments=True,
    remove_pis=True,
)


def xml_parser() -> etree.XMLParser:
    """Returns a parser that never resolves entities, loads DTDs or touches the network."""
    return etree.XMLParser(**_PARSER_OPTIONS)


def fragment_parser() -> etree.XMLParser:
    """Returns a parser for XML the tool built itself from text already read (no size limit on
    a text node: the readers bound paragraph sizes), never resolving entities."""
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                           huge_tree=True)


class Package:
    """A zip package opened from bytes, with every read bounded in size and ratio."""

    def __init__(self, data: bytes, display_name: str) -> None:
        self.display_name = display_name
        self._read_total = 0
        try:
            self._zip = zipfile.ZipFile(BytesIO(data))
            infos = self._zip.infolist()
            if len(infos) > MAX_MEMBERS:
                raise ValueError(f"{len(infos):,} parts, far more than any document holds")
            self._infos = {info.filename: info for info in infos}
            self._lower = {name.lower(): name for name in reversed(list(self._infos))}
        except _ZIP_ERRORS as exc:
            raise LoadError(
                f"{display_name} is damaged: it is not a complete Word package ({exc}). "
                "If you have it open in Word, use File > Save As to save a fresh copy and load "
                "that; otherwise restore it from a backup.",
                path=display_name,
                reason="corrupt",
            ) from exc

    def names(self) -> list[str]:
        return list(self._infos)

    def has(self, name: str) -> bool:
        return name in self._infos

    def find(self, name: str) -> str | None:
        """Returns the member name matching `name` case-insensitively (Word tolerates both)."""
        if name in self._infos:
            return name
        return self._lower.get(name.lower())

    def read(self, name: str) -> bytes:
        """Returns a member's bytes; raises LoadError for bombs, damage or a missing member."""
        real = self.find(name)
        if real is None:
            raise LoadError(
                f"{self.display_name} is damaged: the part '{name}' is missing. Open it in Word "
                "and save it again, then load the new copy.",
                path=self.display_name,
                reason="corrupt",
            )
        info = self._infos[real]
        if info.flag_bits & 0x1:
            raise LoadError(
                f"{self.display_name} is password-protected (its part '{real}' is encrypted). "
                "Open it, remove the password, save it again and load the new copy.",
                path=self.display_name,
                reason="encrypted",
            )
        declared = info.file_size
        if declared > MAX_MEMBER_BYTES or (
            declared > RATIO_FLOOR and declared > MAX_RATIO * max(1, info.compress_size)
        ):
            raise self._bomb(real, declared)
        out = bytearray()
        try:
            with self._zip.open(info) as stream:
                while True:
                    chunk = stream.read(1 << 20)
                    if not chunk:
                        break
                    out += chunk
                    self._read_total += len(chunk)
                    if len(out) > MAX_MEMBER_BYTES or self._read_total > MAX_TOTAL_BYTES:
                        raise self._bomb(real, len(out))
        except LoadError:
            raise
        except (*_ZIP_ERRORS, RuntimeError) as exc:
            raise LoadError(
                f"{self.display_name} is damaged: the part '{real}' cannot be unpacked ({exc}). "
                "The file may be truncated or partly overwritten; restore it from a backup or "
                "re-save it from Word.",
                path=self.display_name,
                reason="corrupt",
            ) from exc
        return bytes(out)

    def read_xml(self, name: str) -> etree._Element:
        """Returns the parsed root of an XML member, never resolving entities."""
        return parse_xml(self.read(name), self.display_name, name)

    def _bomb(self, member: str, size: int) -> LoadError:
        return LoadError(
            f"{self.display_name} was refused: its part '{member}' unpacks to more than "
            f"{MAX_MEMBER_BYTES // (1024 * 1024)} MB ({size:,} bytes so far), far beyond any real "
            "policy. The file may be damaged or crafted; ask its author for a fresh copy.",
            path=self.display_name,
            reason="too-large",
        )


_DECLARES_ENTITIES = re.compile(rb"<!ENTITY|<!DOCTYPE[^>\[]*\[", re.I)


def parse_xml(data: bytes, display_name: str, part: str) -> etree._Element:
    """Returns the root element of `data`; raises LoadError for malformed or hostile XML."""
    prolog = data[:65536]
    if prolog.startswith((b"\xff\xfe", b"\xfe\xff")):
        prolog = prolog.decode("utf-16", "replace").encode("utf-8", "replace")
    elif prolog[:4] in (b"<\x00?\x00", b"\x00<\x00?"):  # UTF-16 without a byte-order mark
        prolog = prolog.replace(b"\x00", b"")
    if _DECLARES_ENTITIES.search(prolog):
        raise LoadError(
            f"{display_name} was refused: its part '{part}' declares XML entities, which Word "
            "never writes and which can be used to attack a computer. Open the original in Word "
            "and save it again, then load the new copy.",
            path=display_name,
            reason="hostile-xml",
        )
    try:
        root = etree.fromstring(data, xml_parser())
    except (etree.XMLSyntaxError, ValueError) as exc:
        raise LoadError(
            f"{display_name} is damaged: the part '{part}' is not well-formed XML ({exc}). "
            "Open it in Word (which can often repair it) and save a fresh copy.",
            path=display_name,
            reason="corrupt",
        ) from exc
    if root is None:
        raise LoadError(
            f"{display_name} is damaged: the part '{part}' is empty.",
            path=display_name,
            reason="corrupt",
        )
    return root
