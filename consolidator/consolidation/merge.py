"""consolidate(): the Digital Policy a MergePlan gives, with every source block's fate."""

from __future__ import annotations

from collections.abc import Sequence

from consolidator.consolidation.plan import MergePlan
from consolidator.consolidation.resolve import ResolvedClause, ResolvedSection, resolve_plan
from consolidator.consolidation.topics import channel_of_document
from consolidator.consolidation.units import ClauseRef
from consolidator.model import (
    BlockKind,
    ConsolidatedDocument,
    Fate,
    LedgerEntry,
    MergedClause,
    MergedSection,
    OpenConflict,
    Run,
    SourceDocument,
    SourceInfo,
    SourceRef,
)
from consolidator.progress import CancelCheck, Progress, check_cancel, report

DEFAULT_TITLE = "Digital Policy"


class LedgerError(Exception):
    """A source block has no fate: a bug in the engine, never the author's doing."""


def consolidate(
    docs: Sequence[SourceDocument],
    plan: MergePlan,
    *,
    title: str = DEFAULT_TITLE,
    progress: Progress | None = None,
    cancel: CancelCheck | None = None,
) -> ConsolidatedDocument:
    """Returns the merged policy and its coverage ledger.

    Every block of every source gets exactly one LedgerEntry: KEPT (its text, or a combined or
    edited wording of it, is in the clause named), MERGED (a duplicate: the clause named stands
    for it) or EXCLUDED (removed by the author, by a draft default the author can reverse, or an
    empty paragraph). Raises LedgerError if a block would go unaccounted.
    """
    report(progress, 0.0, "Building the Digital Policy")
    resolved = resolve_plan(plan)
    names = {d.id: d.name for d in docs}
    blocks = {(d.id, b.id): b for d in docs for b in d.blocks}
    fates: dict[tuple[str, str], LedgerEntry] = {}

    def where(ref: ClauseRef | SourceRef) -> str:
        return f"{names.get(ref.document_id, ref.document_id)} {ref.section}".strip()

    def record(ref: ClauseRef | SourceRef, text: str, fate: Fate, clause_id: str, note: str):
        key = (ref.document_id, ref.block_id)
        if key in fates:
            raise LedgerError(f"block {ref.document_id}/{ref.block_id} has two fates")
        source = SourceRef(ref.document_id, ref.block_id, ref.section)
        fates[key] = LedgerEntry(source, text, fate, clause_id, note)

    def build_clause(rc: ResolvedClause, section_excluded: bool,
                     section_note: str = "") -> MergedClause | None:
        if rc.excluded or section_excluded:
            note = rc.note or (section_note if section_excluded else "") or "excluded by the author"
            for ref in rc.kept + rc.merged:
                record(ref, ref.text, Fate.EXCLUDED, "", note)
            return None
        if rc.merged_into:
            for ref in rc.kept + rc.merged:
                record(ref, ref.text, Fate.MERGED, rc.merged_into,
                       "conflict decided in favour of another variant")
            return None
        kept_note = "the author's wording" if rc.edited else ""
        if rc.edited and len(rc.kept) > 1:
            kept_note = "combined wording"
        for ref in rc.kept:
            record(ref, ref.text, Fate.KEPT, rc.id, kept_note)
        first = rc.kept[0] if rc.kept else rc.clause.sources[0]
        for ref in rc.merged:
            record(ref, ref.text, Fate.MERGED, rc.id, f"duplicate of {where(first)}")
        block = blocks.get((first.document_id, first.block_id))
        runs: tuple[Run, ...] = (Run(rc.text),)
        if block is not None and not rc.edited and rc.text == first.text and (
            " ".join(block.text.split()) == rc.text
        ):
            runs = block.runs or runs  # the source's formatting, links and all
        kind = rc.clause.kind
        return MergedClause(
            id=rc.id,
            kind=kind,
            runs=runs if kind is not BlockKind.TABLE else (),
            level=rc.clause.level,
            numbered=rc.clause.numbered,
            table=block.table if kind is BlockKind.TABLE and block is not None else None,
            sources=tuple(SourceRef(r.document_id, r.block_id, r.section)
                          for r in rc.clause.sources),
            edited=rc.edited,
        )

    def build_section(rs: ResolvedSection, inherited_note: str = "") -> MergedSection | None:
        check_cancel(cancel)
        note = rs.note or inherited_note if rs.excluded else ""
        clauses = [c for c in (build_clause(rc, rs.excluded, note) for rc in rs.clauses)
                   if c is not None]
        children = [c for c in (build_section(child, note) for child in rs.children)
                    if c is not None]
        # A section left with nothing in it (every clause removed, merged or moved) is no
        # heading for the committee: it goes, and its source headings with it.
        empty = not rs.excluded and not clauses and not children
        for ref in rs.section.headings:
            text = blocks[(ref.document_id, ref.block_id)].text
            if rs.excluded:
                record(ref, text, Fate.EXCLUDED, "", note or "excluded by the author")
            elif empty:
                record(ref, text, Fate.EXCLUDED, "",
                       "heading of a section left empty: its clauses were removed or moved")
            elif " ".join(text.split()).lower() == rs.title.lower():
                record(ref, text, Fate.KEPT, rs.id, "")
            else:
                record(ref, text, Fate.MERGED, rs.id, f"heading merged into \u201c{rs.title}\u201d")
        # Headings of sections merged into this one by the author (MERGE_SECTION).
        for ref in rs.merged_headings:
            text = blocks[(ref.document_id, ref.block_id)].text
            if rs.excluded:
                record(ref, text, Fate.EXCLUDED, "", note or "excluded by the author")
            elif empty:
                record(ref, text, Fate.EXCLUDED, "",
                       "heading of a section left empty: its clauses were removed or moved")
            else:
                record(ref, text, Fate.MERGED, rs.id,
                       f"section merged into \u201c{rs.title}\u201d by the author")
        if rs.excluded or empty:
            return None
        return MergedSection(
            id=rs.id,
            title=rs.title,
            level=rs.section.level,
            clauses=tuple(clauses),
            children=tuple(children),
            sources=rs.section.headings,
        )

    try:
        sections = tuple(s for s in (build_section(rs) for rs in resolved.sections)
                         if s is not None)
    finally:
        # build_section calls itself through its closure: a reference cycle that would keep
        # the sources' block map alive until a garbage collection, which (on a worker thread
        # in the window) holds the interpreter lock for 50-80 ms each time.
        build_section = None  # noqa: F841
    for ref in plan.blanks:
        record(ref, "", Fate.EXCLUDED, "", "empty paragraph: nothing to keep")
    report(progress, 0.8, "Checking that every source block is accounted for")
    ledger: list[LedgerEntry] = []
    for doc in docs:
        for block in doc.blocks:
            entry = fates.pop((doc.id, block.id), None)
            if entry is None:
                raise LedgerError(
                    f"{doc.name}: block {block.id} ({block.text[:60]!r}) was not accounted for"
                )
            ledger.append(entry)
    if fates:
        raise LedgerError(f"{len(fates)} ledger entries name blocks not in the sources")
    sources = tuple(
        SourceInfo(d.id, d.title, d.path, channel_of_document(d.title, d.path),
                   dict(d.properties).get("version", ""))
        for d in docs
    )
    report(progress, 1.0, "Digital Policy built")
    return ConsolidatedDocument(
        title=title,
        sections=sections,
        ledger=tuple(ledger),
        sources=sources,
        conflicts_open=len(resolved.open_conflict_ids),
        open_conflicts=tuple(
            OpenConflict(c.id, c.reason, plan.conflict_clauses(c))
            for c in plan.conflicts if c.id in resolved.open_conflict_ids),
    )


def coverage(doc: ConsolidatedDocument) -> dict[str, int]:
    """Returns the ledger's counts: {"blocks": N, "kept": k, "merged": m, "excluded": e}."""
    counts = {"blocks": len(doc.ledger), "kept": 0, "merged": 0, "excluded": 0}
    for entry in doc.ledger:
        counts[entry.fate.value] += 1
    return counts
