"""consolidate(): the Digital Policy a MergePlan gives, with every source block's fate."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from consolidator.consolidation.crossrefs import renumber_references
from consolidator.consolidation.link_targets import dead_link_notes
from consolidator.consolidation.plan import DecisionKind, MergePlan
from consolidator.consolidation.resolve import (
    ResolvedClause,
    ResolvedPlan,
    ResolvedSection,
    resolve_plan,
)
from consolidator.consolidation.restyle import restyled
from consolidator.consolidation.topics import channels_of_documents
from consolidator.consolidation.units import ClauseRef, clause_text, holds_as_written
from consolidator.model import (
    BlockKind,
    ConsolidatedDocument,
    Fate,
    LedgerEntry,
    MergedClause,
    MergedSection,
    OpenConflict,
    ReaderWarning,
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
    builder = _PolicyBuilder(docs, cancel)
    sections = tuple(s for s in map(builder.section, resolved.sections) if s is not None)
    own_wordings = frozenset(d.target for d in plan.decisions if d.kind is DecisionKind.CUSTOM)
    sections, reference_notes = renumber_references(
        sections, {d.id: d.title or d.name for d in docs}, own_wordings)
    for ref in plan.blanks:
        builder.record(ref, "", Fate.EXCLUDED, "", "empty paragraph: nothing to keep")
    report(progress, 0.8, "Checking that every source block is accounted for")
    ledger = builder.ledger()
    channel_of = channels_of_documents(docs)
    sources = tuple(
        SourceInfo(d.id, d.title, d.path, channel_of[d.id], dict(d.properties).get("version", ""),
                   tuple(_not_read(w) for w in d.warnings if w.code not in _CARRIED_OR_NOT_TEXT))
        for d in docs
    )
    report(progress, 1.0, "Digital Policy built")
    merged = ConsolidatedDocument(
        title=title,
        sections=sections,
        ledger=ledger,
        sources=sources,
        conflicts_open=len(resolved.open_conflict_ids),
        open_conflicts=tuple(
            OpenConflict(c.id, c.reason, plan.conflict_clauses(c))
            for c in plan.conflicts if c.id in resolved.open_conflict_ids),
        open_notes=open_notes(resolved) + reference_notes,
    )
    return replace(merged, open_notes=merged.open_notes + dead_link_notes(merged))


def open_notes(resolved: ResolvedPlan) -> tuple[OpenConflict, ...]:
    """Returns the notes of clauses in the policy the author has not answered yet (a term
    defined two ways, similar wordings merged): open items, like conflicts, for the committee
    to see until a wording decision settles them."""
    return tuple(OpenConflict(f"n{rc.id}.{n}", note, (rc.id,))
                 for rc in resolved.clauses() if rc.in_output and not rc.decided
                 for n, note in enumerate(rc.clause.notes))


_AS_WRITTEN = re.compile(r"^reworded into\b")  # a proposal's note, for a wording it kept as is
_EMPTIED = "heading of a section left empty: its clauses were removed or moved"
_EMPTIED_LABEL = "sub-section heading left with nothing under it: its text was removed or moved"


class _PolicyBuilder:
    """Turns resolved sections into merged ones, recording the fate of every source block."""

    def __init__(self, docs: Sequence[SourceDocument], cancel: CancelCheck | None) -> None:
        self.docs = docs
        self.cancel = cancel
        self.names = {d.id: d.name for d in docs}
        self.blocks = {(d.id, b.id): b for d in docs for b in d.blocks}
        self.fates: dict[tuple[str, str], LedgerEntry] = {}
        self.texts: dict[str, list[str]] = {}  # a proposal's head clause id -> its clauses' texts

    def where(self, ref: ClauseRef | SourceRef) -> str:
        return f"{self.names.get(ref.document_id, ref.document_id)} {ref.section}".strip()

    def record(self, ref: ClauseRef | SourceRef, text: str, fate: Fate, clause_id: str,
               note: str) -> None:
        key = (ref.document_id, ref.block_id)
        if key in self.fates:
            raise LedgerError(f"block {ref.document_id}/{ref.block_id} has two fates")
        source = SourceRef(ref.document_id, ref.block_id, ref.section)
        self.fates[key] = LedgerEntry(source, text, fate, clause_id, note)

    def ledger(self) -> tuple[LedgerEntry, ...]:
        """Returns one entry per source block, in document order; raises LedgerError when a
        block has no fate, or a fate names a block no source has."""
        entries: list[LedgerEntry] = []
        for doc in self.docs:
            for block in doc.blocks:
                entry = self.fates.pop((doc.id, block.id), None)
                if entry is None:
                    raise LedgerError(f"{doc.name}: block {block.id} ({block.text[:60]!r}) was "
                                      "not accounted for")
                entries.append(self._kept_if_word_for_word(entry))
        if self.fates:
            raise LedgerError(f"{len(self.fates)} ledger entries name blocks not in the sources")
        return tuple(entries)

    def _kept_if_word_for_word(self, entry: LedgerEntry) -> LedgerEntry:
        """Returns a reworded block's entry as kept when a clause of the proposal it went into
        holds its text as written (a chapter opening moved as it was, the Scope's widest
        statement): it is in the body, not something Appendix B must quote."""
        if entry.fate is Fate.REWORDED and any(
                holds_as_written(text, entry.text) for text in self.texts.get(entry.clause_id, ())):
            return replace(entry, fate=Fate.KEPT, note=_AS_WRITTEN.sub("moved into", entry.note))
        return entry

    def section(self, rs: ResolvedSection, inherited_note: str = "") -> MergedSection | None:
        """Returns the merged section (None when excluded, or left with nothing in it: no
        heading for the committee, its source headings go with it)."""
        check_cancel(self.cancel)
        note = rs.note or inherited_note if rs.excluded else ""
        clauses = self._without_empty_labels(
            [c for c in (self.clause(rc, rs.excluded, note) for rc in rs.clauses)
             if c is not None])
        children = [c for c in (self.section(child, note) for child in rs.children)
                    if c is not None]
        empty = not rs.excluded and not clauses and not children
        self._record_headings(rs, note, empty)
        if rs.excluded or empty:
            return None
        return MergedSection(id=rs.id, title=rs.title, level=rs.section.level,
                             clauses=tuple(clauses), children=tuple(children),
                             sources=rs.section.headings)

    def _without_empty_labels(self, clauses: list[MergedClause]) -> list[MergedClause]:
        """Returns the clauses without sub-section headings left with nothing under them (their
        text removed or moved elsewhere), recording those headings' fate as excluded."""
        kept: list[MergedClause] = []
        for clause in reversed(clauses):
            following = kept[-1] if kept else None
            if clause.kind is BlockKind.HEADING and (
                following is None
                or (following.kind is BlockKind.HEADING and following.level <= clause.level)
            ):
                for ref in clause.sources:
                    self.fates.pop((ref.document_id, ref.block_id), None)
                    self.record(ref, clause.text, Fate.EXCLUDED, "", _EMPTIED_LABEL)
                continue
            kept.append(clause)
        return kept[::-1]

    def _record_headings(self, rs: ResolvedSection, note: str, empty: bool) -> None:
        """Records the fate of the section's source headings, and of those of the sections the
        author merged into it (MERGE_SECTION)."""
        for ref in rs.section.headings:
            text = self.blocks[(ref.document_id, ref.block_id)].text
            if rs.excluded:
                self.record(ref, text, Fate.EXCLUDED, "", note or "excluded by the author")
            elif empty:
                self.record(ref, text, Fate.EXCLUDED, "", _EMPTIED)
            elif " ".join(text.split()).lower() == rs.title.lower():
                self.record(ref, text, Fate.KEPT, rs.id, "")
            else:
                self.record(ref, text, Fate.MERGED, rs.id,
                            f"heading merged into \u201c{rs.title}\u201d")
        for ref in rs.merged_headings:
            text = self.blocks[(ref.document_id, ref.block_id)].text
            if rs.excluded:
                self.record(ref, text, Fate.EXCLUDED, "", note or "excluded by the author")
            elif empty:
                self.record(ref, text, Fate.EXCLUDED, "", _EMPTIED)
            else:
                self.record(ref, text, Fate.MERGED, rs.id,
                            f"section merged into \u201c{rs.title}\u201d by the author")

    def clause(self, rc: ResolvedClause, section_excluded: bool,
               section_note: str = "") -> MergedClause | None:
        """Returns the merged clause (None when excluded or merged into a conflict's winner),
        recording the fate of every source block it stands for."""
        if rc.excluded or section_excluded:
            note = rc.note or (section_note if section_excluded else "") or "excluded by the author"
            for ref in rc.kept + rc.merged:
                self.record(ref, ref.text, Fate.EXCLUDED, "", note)
            return None
        if rc.merged_into:
            for ref in rc.kept + rc.merged:
                self.record(ref, ref.text, Fate.MERGED, rc.merged_into,
                            "conflict decided in favour of another variant")
            return None
        if rc.reworded_into:
            for ref in rc.kept + rc.merged:
                self.record(ref, ref.text, Fate.REWORDED, rc.reworded_into,
                            rc.note or "reworded into the proposed wording")
            return None
        kept_note = "the author's wording" if rc.edited else ""
        if rc.edited and len(rc.kept) > 1:
            kept_note = "combined wording"
        for ref in rc.kept:
            self.record(ref, ref.text, Fate.KEPT, rc.id, kept_note)
        first = rc.kept[0] if rc.kept else (rc.clause.sources or (None,))[0]
        for ref in rc.merged:
            self.record(ref, ref.text, Fate.MERGED, rc.id, f"duplicate of {self.where(first)}")
        return self._merged_clause(rc, first)

    def _merged_clause(self, rc: ResolvedClause, first: ClauseRef | None) -> MergedClause:
        block = self.blocks.get((first.document_id, first.block_id)) if first else None
        runs: tuple[Run, ...] = (Run(rc.text),)
        if block is not None and first is not None and not rc.edited and rc.text == first.text and (
            clause_text(block) == rc.text
        ):
            runs = block.runs or runs  # the source's formatting, links and all
        elif rc.edited:  # a source's words keep their formatting in a proposal's wording
            runs = self._restyled(rc) or runs
        kind = rc.clause.kind
        self.texts.setdefault(rc.clause.proposal or rc.id, []).append(rc.text)
        return MergedClause(
            id=rc.id,
            kind=kind,
            runs=runs if kind is not BlockKind.TABLE else (),
            level=rc.clause.level,
            numbered=rc.clause.numbered,
            table=rc.clause.table or (block.table if kind is BlockKind.TABLE and block is not None
                                      else None),
            sources=tuple(SourceRef(r.document_id, r.block_id, r.section)
                          for r in rc.clause.sources + rc.clause.derived_from),
            edited=rc.edited,
        )

    def _restyled(self, rc: ResolvedClause) -> tuple[Run, ...] | None:
        """Returns a reworded clause's text with the formatting of the source block it stands
        for: that block's runs when the text is its own, word for word (a chapter opening's
        paragraph moved as it was), else the text laid over the runs of the first source
        block like it (restyle.restyled); None when no source is like it."""
        blocks = [b for ref in rc.clause.sources + rc.clause.derived_from
                  if (b := self.blocks.get((ref.document_id, ref.block_id))) is not None
                  and b.table is None and b.runs]
        for block in blocks:
            if clause_text(block) == rc.text:
                return block.runs
        return next((r for b in blocks if (r := restyled(rc.text, b.runs))), None)


def coverage(doc: ConsolidatedDocument) -> dict[str, int]:
    """Returns the ledger's counts: {"blocks": N, "kept": k, "merged": m, "reworded": r,
    "excluded": e}."""
    counts = {"blocks": len(doc.ledger), "kept": 0, "merged": 0, "reworded": 0, "excluded": 0}
    for entry in doc.ledger:
        counts[entry.fate.value] += 1
    return counts


# Reader warnings about what is no policy text (page headers, contents, comments) or was read
# after all (text boxes, equations as plain text): not recorded as left out.
_CARRIED_OR_NOT_TEXT = frozenset({"header-footer", "table-of-contents", "comment", "text-box",
                                  "equation"})


def _not_read(warning: ReaderWarning) -> str:
    """Returns what a reader's warning says was not carried over, with how many when the
    message does not say ("Pictures are not read. (3)")."""
    count = "" if warning.count == 1 or any(c.isdigit() for c in warning.message) else \
        f" ({warning.count})"
    return warning.message + count
