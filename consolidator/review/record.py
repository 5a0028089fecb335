"""ApprovedRecord: what an exported Digital Policy carries about the session it came from.

The record is an XML document (a custom XML part of the .docx, invisible in Word): the
document-control metadata and the session (decisions, pins, the sources' names and content
hashes) as readable JSON, and, compressed, the sources' text as it was approved and what the
author's decisions referred to. From it a later review restores the session, shows what changed
in each source, and carries the decisions to the current sources.
"""

from __future__ import annotations

import base64
import json
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

from lxml import etree

from consolidator.consolidation.plan import Decision, MergePlan, is_draft_default
from consolidator.metadata import PolicyMetadata, metadata_from_dict
from consolidator.model import ConsolidatedDocument, Fate, SourceDocument
from consolidator.review.source_codec import CodecError, document_from_data, document_to_data
from consolidator.session import (
    Session,
    SessionError,
    session_from,
    session_from_json,
    session_to_json,
)

NAMESPACE = "urn:policy-consolidator:approved-policy"
ROOT = "approvedPolicy"
FORMAT = 1  # the record's format; a reader refuses newer ones with a plain message


class RecordError(ValueError):
    """The record cannot be used (damaged, or written by a newer version). `str()` is plain."""


def is_author_decision(decision: Decision) -> bool:
    """Returns False for the draft's own defaults (they are drafted again for new sources)."""
    return not is_draft_default(decision)


@dataclass(frozen=True)
class ClauseAnchor:
    """A plan clause as the sources held it: its source clause keys and its draft wording."""

    keys: tuple[str, ...]  # "document/block" or "document/block#sentence", the kept one first
    text: str


@dataclass(frozen=True)
class SectionAnchor:
    """A plan section: its title, the source headings it stands for and its parent."""

    title: str
    headings: tuple[str, ...]  # "document/block" of the source headings
    parent: str = ""


@dataclass(frozen=True)
class ConflictAnchor:
    """A conflict: the source clause keys of its two sides and why they disagree."""

    a: str
    b: str
    reason: str


@dataclass(frozen=True)
class Anchors:
    """What the ids of the approved plan referred to (for the ids the decisions name, and every
    conflict), so that decisions can be carried to the clauses of changed sources."""

    clauses: dict[str, ClauseAnchor] = field(default_factory=dict)
    sections: dict[str, SectionAnchor] = field(default_factory=dict)
    conflicts: dict[str, ConflictAnchor] = field(default_factory=dict)


@dataclass(frozen=True)
class ApprovedRecord:
    """The session of an exported Digital Policy, with its sources' approved text."""

    metadata: PolicyMetadata
    session: Session  # sources named by file name (never a folder on the author's computer)
    sources: tuple[SourceDocument, ...] = ()  # the approved text; () when only a session is known
    anchors: Anchors = field(default_factory=Anchors)
    excluded: frozenset[str] = frozenset()  # "document/block" keys left out of the policy
    app_version: str = ""
    written: datetime | None = None

    @property
    def decisions(self) -> tuple[Decision, ...]:
        """Returns the author's decisions (the draft's defaults left out)."""
        return tuple(d for d in self.session.all_decisions if is_author_decision(d))


def build_record(docs: Sequence[SourceDocument], plan: MergePlan, metadata: PolicyMetadata,
                 merged: ConsolidatedDocument | None = None, pins: Iterable = (),
                 app_version: str = "") -> ApprovedRecord:
    """Returns the record of an export: `plan`'s decisions over `docs`, with `metadata`;
    `merged` (consolidate(docs, plan)) tells which source blocks were left out."""
    session = session_from(docs, pins, plan.decisions)
    session = replace(session, sources=tuple(replace(s, path=d.name) for s, d in
                                             zip(session.sources, docs, strict=True)))
    excluded = frozenset(f"{e.source.document_id}/{e.source.block_id}" for e in
                         (merged.ledger if merged is not None else ())
                         if e.fate is Fate.EXCLUDED)
    return ApprovedRecord(metadata, session, tuple(docs), anchors_of(plan), excluded,
                          app_version, datetime.now(UTC).replace(microsecond=0))


def anchors_of(plan: MergePlan) -> Anchors:
    """Returns the anchors of the ids the author's decisions name, and of every conflict."""
    clauses: dict[str, ClauseAnchor] = {}
    sections: dict[str, SectionAnchor] = {}
    for decision in plan.decisions:
        if not is_author_decision(decision):
            continue
        ids = (decision.target, decision.value, decision.parent, *decision.order)
        for item in ids:
            if not item:
                continue
            try:
                clause = plan.clause(item)
            except KeyError:
                pass
            else:
                refs = clause.sources or clause.derived_from  # a proposal: what it stands for
                clauses[item] = ClauseAnchor(tuple(r.key for r in refs), clause.text)
                continue
            try:
                section = plan.section(item)
            except KeyError:
                continue
            sections[item] = SectionAnchor(section.title, tuple(
                f"{h.document_id}/{h.block_id}" for h in section.headings), section.parent_id)
    conflicts = {c.id: ConflictAnchor(c.a.key, c.b.key, c.reason) for c in plan.conflicts}
    return Anchors(clauses, sections, conflicts)


# --- XML -----------------------------------------------------------------------------------------


def _q(tag: str) -> str:
    return f"{{{NAMESPACE}}}{tag}"


def _packed(data: object) -> str:
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return base64.b64encode(zlib.compress(raw, 6)).decode("ascii")  # 9: 3x slower, 2% smaller


_MAX_UNPACKED = 256 * 1024 * 1024  # a record never holds more text than this (a bomb otherwise)


def _unpacked(text: str) -> object:
    inflater = zlib.decompressobj()
    raw = inflater.decompress(base64.b64decode("".join(text.split()), validate=True),
                              _MAX_UNPACKED)
    if inflater.unconsumed_tail or not inflater.eof:
        raise ValueError("the compressed text is incomplete or too large")
    return json.loads(raw)


def record_to_xml(record: ApprovedRecord) -> bytes:
    """Returns the record as the XML of a custom XML part (UTF-8, with its declaration)."""
    root = etree.Element(_q(ROOT), nsmap={"pc": NAMESPACE})
    root.set("format", str(FORMAT))
    root.set("app", record.app_version)
    if record.written is not None:
        root.set("written", record.written.strftime("%Y-%m-%dT%H:%M:%SZ"))
    etree.SubElement(root, _q("metadata")).text = record.metadata.to_json()
    etree.SubElement(root, _q("session")).text = session_to_json(record.session)
    anchors = etree.SubElement(root, _q("plan"), encoding="zlib+base64+json")
    anchors.text = _packed({
        "clauses": {k: [list(a.keys), a.text] for k, a in record.anchors.clauses.items()},
        "sections": {k: [a.title, list(a.headings), a.parent]
                     for k, a in record.anchors.sections.items()},
        "conflicts": {k: [a.a, a.b, a.reason] for k, a in record.anchors.conflicts.items()},
        "excluded": sorted(record.excluded),
    })
    for doc in record.sources:
        element = etree.SubElement(root, _q("source"), name=doc.name, hash=doc.id,
                                   encoding="zlib+base64+json")
        element.text = _packed(document_to_data(doc))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def record_from_xml(root: etree._Element, name: str = "The Digital Policy") -> ApprovedRecord:
    """Returns the record held by a parsed part's root element; raises RecordError (plain)."""
    damaged = (f"{name} holds a record of its session, but it is damaged, so the review cannot "
               "use it. Give the session file the policy was made with instead.")
    try:
        version = int(root.get("format", "0"))
    except ValueError:
        raise RecordError(damaged) from None
    if version > FORMAT:
        raise RecordError(f"{name} was exported by a newer version of Policy Consolidator "
                          f"(record format {version}; this version reads up to {FORMAT}). "
                          "Update the app to review it.")
    try:
        metadata = metadata_from_dict(json.loads(_text(root, "metadata")))
        session = session_from_json(_text(root, "session"), name)
        plan = _unpacked(_text(root, "plan"))
        sources = tuple(document_from_data(_unpacked(el.text or ""))  # type: ignore[arg-type]
                        for el in root.iterfind(_q("source")))
        anchors = Anchors(
            {k: ClauseAnchor(tuple(v[0]), str(v[1])) for k, v in plan["clauses"].items()},
            {k: SectionAnchor(str(v[0]), tuple(v[1]), str(v[2]))
             for k, v in plan["sections"].items()},
            {k: ConflictAnchor(str(v[0]), str(v[1]), str(v[2]))
             for k, v in plan["conflicts"].items()})
        excluded = frozenset(str(k) for k in plan["excluded"])
    except (ValueError, KeyError, TypeError, IndexError, zlib.error, SessionError,
            CodecError) as exc:
        raise RecordError(damaged) from exc
    written = None
    if root.get("written"):
        try:
            written = datetime.strptime(root.get("written", ""), "%Y-%m-%dT%H:%M:%SZ")
        except ValueError:
            written = None
    return ApprovedRecord(metadata, session, sources, anchors, excluded, root.get("app", ""),
                          written)


def _text(root: etree._Element, tag: str) -> str:
    element = root.find(_q(tag))
    if element is None or element.text is None:
        raise KeyError(tag)
    return element.text
