"""Checks of a drafted Digital Policy that no rule was lost, separated from its lead-in, or
left undecided without anyone being told.

- lost_words: a source block reworded into a proposal or merged into another clause whose
  content words are not all in the clause it went to (a proposal's bullets count with it);
- separated_items: a list item printed under another lead-in than its source's ("You must not:"
  items printed under "You must:");
- closed_conflicts: conflicts the analysis found that the draft's own defaults closed.
"""

from __future__ import annotations

import re

from consolidator.consolidation.plan import MergePlan
from consolidator.consolidation.resolve import open_conflicts
from consolidator.model import BlockKind, ConsolidatedDocument, Fate, SourceDocument
from consolidator.sections import iter_sections

# Words a rewording may drop: linking words, the words that name the documents and say what
# they do ("This guidance gives you:" is "It aims to:"), and the policies it supersedes.
_SPARE = frozenset("""a an the of to and or for in on at by with from as is are be been it its
this that these those their they them there which who will can our you your policy policies
guidance guide document purpose purposes aims aim explains explain outlines outline provides
provide gives give describes describe sets set""".split())


_LABEL = re.compile(r"^[A-Z]{2,}[A-Z0-9]*(?:[.\-][A-Z0-9]+)+$")


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9']+", text.lower()) if w not in _SPARE and len(w) > 2}


def lost_words(doc: ConsolidatedDocument, docs: list[SourceDocument]) -> list[str]:
    """Returns, for each reworded or merged source block, the words missing where it went."""
    spare = set().union(*(_words(d.title) for d in docs)) if docs else set()
    text_of: dict[str, list[str]] = {}
    for section in doc.iter_sections():
        for clause in section.clauses:
            head = clause.id.split(".")[0] if clause.id.startswith("r") else clause.id
            text_of.setdefault(head, []).append(clause.text)
    out = []
    for entry in doc.ledger:
        if entry.fate not in (Fate.REWORDED, Fate.MERGED) or not entry.text.strip() \
                or entry.note.startswith(("heading", "section merged")):
            continue
        there = " ".join(text_of.get(entry.clause_id, []))
        lost = _words(entry.text) - _words(there) - spare
        if lost:
            out.append(f"{entry.text[:90]!r} -> {there[:90]!r}: lost {sorted(lost)}")
    return out


def separated_items(doc: ConsolidatedDocument, docs: list[SourceDocument]) -> list[str]:
    """Returns the list items printed under a lead-in other than their source's."""
    lead_of: dict[tuple[str, str], str] = {}
    text_of = {(source.id, b.id): b.text.strip() for source in docs for b in source.blocks}
    for source in docs:
        for section in iter_sections(source):
            lead = ""
            for block in section.blocks:
                if block.kind is BlockKind.LIST_ITEM:
                    lead_of[(source.id, block.id)] = lead
                elif block.text.strip():
                    lead = block.text.strip() if block.text.rstrip().endswith(":") else ""
    out = []
    for section in doc.iter_sections():
        printed = ""
        for clause in section.clauses:
            if clause.id.startswith("r"):  # a proposal's own list, written under its own lead
                # (or a lead-in reworded: "... in this guide ...:" as "... in this policy ...:")
                reworded = {text_of.get((r.document_id, r.block_id), "") for r in clause.sources}
                printed = reworded.pop() if len(reworded) == 1 and clause.kind is not (
                    BlockKind.LIST_ITEM) and clause.text.rstrip().endswith(":") else ""
                continue
            if clause.kind is not BlockKind.LIST_ITEM:
                if clause.text.strip():
                    printed = clause.text.strip() if clause.text.rstrip().endswith(":") else ""
                continue
            if _LABEL.match(clause.text.strip()):
                continue  # a requirement's label ("POL.ITAUP.001"), with the rule after it
            leads = {lead_of.get((r.document_id, r.block_id), "") for r in clause.sources}
            leads.discard("")
            if leads and printed not in leads:
                out.append(f"{clause.text[:70]!r} under {printed[:50]!r}, "
                           f"not {sorted(leads)[0][:50]!r}")
    return out


def closed_conflicts(plan: MergePlan) -> list[str]:
    """Returns the conflicts of the analysis the draft's decisions (not the author's) closed."""
    still_open = {c.id for c in open_conflicts(plan)}
    return [f"{c.a.text[:60]!r} / {c.b.text[:60]!r}" for c in plan.conflicts
            if c.id not in still_open]
