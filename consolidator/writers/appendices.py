"""The Digital Policy's front matter and appendices: title page, control, provenance, changes."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz

from consolidator.consolidation.link_targets import sections_holding
from consolidator.consolidation.units import holds_as_written
from consolidator.metadata import PolicyMetadata
from consolidator.model import ConsolidatedDocument, Fate, MergedClause, SourceInfo, SourceRef
from consolidator.writers import ooxml
from consolidator.writers.docx_template import BLUE, NAVY

APPENDICES = (
    ("Appendix A", "Where each section came from"),
    ("Appendix B", "What was removed or reworded"),
)


@dataclass(frozen=True)
class ProvenanceRow:
    """One section of the new policy and what it was built from."""

    number: str
    title: str
    sources: tuple[str, ...]  # "Email Policy: 4, 4.2", one per source policy
    duplicates_merged: int
    reworded_clauses: int  # clauses not in any source's words (the draft's or the author's)


@dataclass(frozen=True)
class ChangeRow:
    """One source clause that is not in the policy as written: removed, or reworded."""

    policy: str
    section: str
    original: str
    outcome: str  # plain English: "Removed by the author", "Reworded (now section 2.1): ..."


def format_date(value) -> str:
    """Returns a date as a UK committee paper writes it ("1 March 2025"), or "" for None."""
    return f"{value.day} {value:%B %Y}" if value else ""


# --- front matter -------------------------------------------------------------------------------


def title_page(meta: PolicyMetadata, writer) -> list[str]:
    """Returns the title page: title, council, then version, status and date; then a page break."""
    out = [writer.text(meta.title, "Title")]
    if meta.council:
        out.append(writer.text(meta.council, "Subtitle"))
    out.append(ooxml.paragraph(style=writer.ids["Normal"], space_before=1440, space_after=0))
    for label, value in (
        ("Version", meta.version),
        ("Status", meta.status),
        ("Date", format_date(meta.date)),
        ("Policy owner", meta.owner),
    ):
        if value:
            out.append(ooxml.paragraph(
                ooxml.run(f"{label}: ", bold=True, color=BLUE) + ooxml.run(value),
                style=writer.ids["Normal"], space_after=80))
    if meta.status == "Approved" and meta.approval_date and meta.committee:
        out.append(ooxml.paragraph(
            ooxml.run(f"Approved by {meta.committee} on {format_date(meta.approval_date)}",
                      italic=True),
            style=writer.ids["Normal"], space_before=240))
    out.append(ooxml.page_break())
    return out


def control_rows(meta: PolicyMetadata, undecided: int = 0,
                 to_check: int = 0) -> list[tuple[str, str]]:
    """Returns the document-control rows as (label, value), blanks as "To be confirmed", and
    rows for the conflicts still undecided and the wordings still to check, when there are
    any (each marked with a Word comment)."""
    tbc = "To be confirmed"
    approval = meta.committee
    if meta.approval_date:
        approval = f"{meta.committee}, {format_date(meta.approval_date)}".strip(", ")
    return [
        ("Title", meta.title),
        ("Council", meta.council or tbc),
        ("Version", meta.version),
        ("Status", meta.status),
        ("Policy owner", meta.owner or tbc),
        ("Author", meta.author or tbc),
        ("Approved by", meta.approved_by or tbc),
        ("Committee and date of approval", approval or tbc),
        ("Effective date", format_date(meta.effective_date) or tbc),
        ("Review interval", f"Every {meta.review_months} months"),
        ("Next review date", format_date(meta.next_review_date)),
    ] + ([("Conflicts undecided", f"{undecided} \u2014 see the comments in the margin")]
         if undecided else []) + (
        [("Wordings to check", f"{to_check} \u2014 see the comments in the margin")]
        if to_check else [])


def document_control(meta: PolicyMetadata, sources: tuple[SourceInfo, ...], writer,
                     undecided: int = 0, to_check: int = 0) -> list[str]:
    """Returns the document-control page: control table (with the number of conflicts still
    undecided), version history, superseded policies."""
    out = [writer.heading("Document control", 1, numbered=False)]
    label_width = writer.width * 38 // 100
    header = [ooxml.CellSpec((writer.cell_text(text, header=True),), fill=NAVY)
              for text in ("Detail", "Value")]
    rows = [header] + [
        [ooxml.CellSpec((writer.cell_text(label, bold=True),), fill="DCE3EE"),
         ooxml.CellSpec((writer.cell_text(value),))]
        for label, value in control_rows(meta, undecided, to_check)
    ]
    out.append(ooxml.table(rows, [label_width, writer.width - label_width],
                           style=writer.ids["PolicyTable"], header_rows=1,
                           caption="Document control",
                           description="The policy's title, version, status, owner, approval "
                                       "and review dates."))
    out.append(_minor_heading("Version history", writer))
    history = [[e.version, format_date(e.date), e.author, e.summary] for e in meta.history()]
    out.append(writer.grid(["Version", "Date", "Author", "Summary of changes"], history,
                           [13, 19, 22, 46], caption="Version history"))
    superseded = meta.superseded(sources)
    if superseded:
        out.append(_minor_heading("This policy supersedes", writer))
        out += writer.bullets(list(superseded))
    out.append(ooxml.page_break())
    return out


def contents(entries: list[tuple[int, str]], writer) -> list[str]:
    """Returns the contents page: a heading and a TOC field (refreshed by Word on open)."""
    out = [writer.text("Contents", "TOCHeading")]
    out += ooxml.toc(entries, styles=[writer.ids[f"TOC{n}"] for n in (1, 2, 3)],
                     placeholder="Right-click and choose Update Field to show the contents.")
    return out


def _minor_heading(text: str, writer) -> str:
    """Returns an unnumbered Heading 2 (a heading to screen readers and the navigation pane)."""
    return writer.heading(text, 2, numbered=False)


# --- Appendix A: provenance ---------------------------------------------------------------------


def provenance_rows(doc: ConsolidatedDocument,
                    numbers: dict[str, tuple[str, int, str]]) -> list[ProvenanceRow]:
    """Returns one row per section of the policy: its source policies and their section numbers.

    A section's sources are its own (the source headings it was built from, unless all their
    text is in other sections: a "Summary" merged into the Introduction whose text opens
    another chapter) and its clauses';
    duplicates merged counts the source clauses merged into one of its clauses (also the same
    wording of several policies reworded into one); reworded counts its clauses whose wording
    is no source clause's (the draft's proposals and the author's edits: Appendix B quotes the
    source wordings). A clause moved as it was is neither.
    """
    titles = _titles(doc.sources)
    merged_into = _duplicates_merged(doc)
    in_sources = {_plain(e.text) for e in doc.ledger}
    held_in = sections_holding(doc)
    rows = []
    for section in doc.iter_sections():
        inside = {s.id for s in section.iter_all()}
        refs = [r for r in section.sources  # not a heading whose text all went elsewhere
                if not held_in.get((r.document_id, r.section)) or
                inside.intersection(held_in[(r.document_id, r.section)])]
        for clause in section.clauses:
            refs.extend(clause.sources)
        number, _depth, title = numbers[section.id]
        rows.append(ProvenanceRow(
            number=number,
            title=title,
            sources=_group_refs(refs, titles, doc.sources) or _of_its_sections(section, titles),
            duplicates_merged=sum(merged_into.get(c.id, 0) for c in section.clauses),
            reworded_clauses=sum(1 for c in section.clauses
                                 if c.edited and _plain(c.text) not in in_sources),
        ))
    return rows


def _of_its_sections(section, titles) -> tuple[str, ...]:
    """Returns, for a chapter whose text is all in its sub-sections ("Laptops" over the Laptops
    policy's four sections), the policies those came from: it is not new in this policy."""
    documents = dict.fromkeys(r.document_id for s in section.iter_all() for c in s.clauses
                              for r in c.sources)
    return tuple(f"{titles[d]}: its sections below" for d in documents if d in titles)


def _duplicates_merged(doc: ConsolidatedDocument) -> dict[str, int]:
    """Returns, per clause id, how many source clauses were merged into it as duplicates: those
    the ledger records as merged, and those reworded into it in the words of another one
    reworded into it (four policies' "If you have any questions about this guidance ...": one
    clause, three duplicates)."""
    merged: Counter[str] = Counter()
    reworded: dict[str, list[str]] = {}
    for entry in doc.ledger:
        if entry.fate is Fate.MERGED and entry.clause_id:
            merged[entry.clause_id] += 1
        elif entry.fate is Fate.REWORDED and entry.clause_id:
            reworded.setdefault(entry.clause_id, []).append(_plain(entry.text))
    for clause_id, texts in reworded.items():
        merged[clause_id] += len(texts) - len(set(texts))
    return merged


def provenance_appendix(doc: ConsolidatedDocument, numbers, writer) -> list[str]:
    """Returns Appendix A: a table of every section and where it came from."""
    letter, title = APPENDICES[0]
    out = [writer.heading(f"{letter}: {title}", 1, numbered=False, page_break_before=True),
           writer.text("Each section of this policy, the source policies and section numbers it "
                       "was built from, how many duplicate clauses were merged into it, and how "
                       "many of its clauses are not in the words of any source policy (Appendix B "
                       "quotes the source wordings).")]
    rows = []
    for row in provenance_rows(doc, numbers):
        edited = str(row.reworded_clauses) if row.reworded_clauses else "\u2013"
        rows.append([f"{row.number} {row.title}", list(row.sources) or ["New in this policy"],
                     str(row.duplicates_merged) if row.duplicates_merged else "\u2013", edited])
    out.append(writer.grid(["Section of this policy", "Taken from (policy: sections)",
                            "Duplicates merged", "Reworded"], rows, [27, 37, 18, 18],
                           caption="Where each section came from"))
    return out


# --- Appendix B: what changed -------------------------------------------------------------------


def change_rows(doc: ConsolidatedDocument,
                numbers: dict[str, tuple[str, int, str]]) -> list[ChangeRow]:
    """Returns every source clause removed by the author, then every clause the author reworded.

    Removed clauses come from the ledger's EXCLUDED entries; reworded ones are the edited
    clauses, each shown against the source wording it replaced (from the ledger) or as new.
    """
    titles = _titles(doc.sources)
    order = {s.document_id: i for i, s in enumerate(doc.sources)}
    removed = [
        ChangeRow(titles.get(e.source.document_id, e.source.document_id), e.source.section,
                  e.text, _removed(e.note))
        for e in sorted((e for e in doc.ledger if e.fate is Fate.EXCLUDED),
                        key=lambda e: (order.get(e.source.document_id, len(order)),
                                       _section_key(e.source.section)))
    ]
    originals: dict[str, list] = {}
    for entry in doc.ledger:
        if entry.clause_id and entry.fate is not Fate.EXCLUDED:
            originals.setdefault(entry.clause_id, []).append(entry)
    reworded = []
    listed: set[tuple[str, str]] = set()  # source blocks a row already shows
    printed = {_plain(c.text) for s in doc.iter_sections() for c in s.clauses if c.table is None}
    for section in doc.iter_sections():
        number = numbers[section.id][0]
        for clause in section.clauses:
            if not clause.edited:
                continue
            outcome = f"Reworded (now section {number}): \u201c{_short(clause.text)}\u201d"
            sources = originals.get(clause.id)
            if sources:
                listed |= {(e.source.document_id, e.source.block_id) for e in sources}
                family = [c for c in section.clauses if c.edited and _family(c.id) == clause.id]
                reworded += [ChangeRow(titles.get(e.source.document_id, e.source.document_id),
                                       e.source.section, e.text, _reworded(e.text, family, number))
                             for e in sources if _plain(e.text) not in printed
                             and not any(holds_as_written(c.text, e.text) for c in family)]
            elif clause.sources:  # a proposal's bullet: the rows of its head show its sources
                fresh = [r for r in clause.sources if (r.document_id, r.block_id) not in listed]
                reworded += [ChangeRow(titles.get(r.document_id, r.document_id), r.section,
                                       "(source wording)", outcome) for r in fresh]
                listed |= {(r.document_id, r.block_id) for r in fresh}
            else:
                reworded.append(ChangeRow("\u2013", "\u2013", "\u2013",
                                          f"New clause written by the author in {number}: "
                                          f"\u201c{_short(clause.text)}\u201d"))
    return _alike_together(removed) + _alike_together(reworded)


def _alike_together(rows: list[ChangeRow]) -> list[ChangeRow]:
    """Returns the rows with those saying the same of the same wording as one row naming every
    policy and section (four policies' "Feedback" sentence, reworded into one clause)."""
    grouped: dict[tuple[str, str, int], list[ChangeRow]] = {}
    seen: Counter[tuple[str, str, str, str]] = Counter()  # a policy's same wording again
    for row in rows:
        key = (_plain(row.original), row.outcome, row.policy, row.section)
        grouped.setdefault((key[0], key[1], seen[key]), []).append(row)
        seen[key] += 1  # (a second removal in one section is a row of its own)
    out = []
    for alike in grouped.values():
        if len(alike) == 1 or alike[0].original == "(source wording)":
            out += alike
            continue
        sections = set(r.section for r in alike)
        if len(sections) == 1:  # "Feedback" in each: the section column says it once
            policy, section = "; ".join(dict.fromkeys(r.policy for r in alike)), sections.pop()
        else:
            policy, section = "; ".join(dict.fromkeys(
                f"{r.policy} ({r.section})" if r.section else r.policy for r in alike)), ""
        out.append(ChangeRow(policy, section, alike[0].original, alike[0].outcome))
    return out


def _plain(text: str) -> str:
    return " ".join(text.split())


def _family(clause_id: str) -> str:
    """Returns the id of the proposal a clause belongs to (its head: "r1a2b" for "r1a2b.3")."""
    return clause_id.split(".", 1)[0]


def _reworded(source: str, family: list[MergedClause], number: str) -> str:
    """Returns "Reworded (now section N): ..." quoting the proposal's clause nearest the
    source wording (a chapter opening holds several: the one this sentence became; a list's
    lead-in, "This guidance gives you:", became the proposal's own, "... It aims to:")."""
    leads = [c for c in family if c.text.rstrip().endswith(":")]
    if source.rstrip().endswith(":") and leads:  # a lead-in became the proposal's lead-in
        family = leads
    nearest = max(family, key=lambda c: fuzz.ratio(_plain(source), _plain(c.text)))
    return f"Reworded (now section {number}): \u201c{_quoted_change(source, nearest.text)}\u201d"


def _quoted_change(source: str, new: str, limit: int = 240, before: int = 6) -> str:
    """Returns the new wording shortened to show what changed: from a few words before its
    first difference from `source` ("... telephone tools. This policy tells you ..."), so a long
    clause reworded near its end does not hide the change behind an ellipsis."""
    words = new.split()
    if len(" ".join(words)) <= limit:
        return " ".join(words)
    old = source.split()
    first = next((n for n, (a, b) in enumerate(zip(old, words, strict=False))
                  if a != b),
                 min(len(old), len(words)))
    start = max(0, first - before)
    text = _short(" ".join(words[start:]), limit)
    return "\u2026" + text if start else text


def changes_appendix(doc: ConsolidatedDocument, numbers, writer) -> list[str]:
    """Returns Appendix B: every clause removed or reworded, with its source policy and section."""
    letter, title = APPENDICES[1]
    out = [writer.heading(f"{letter}: {title}", 1, numbered=False, page_break_before=True),
           writer.text("Every clause of the source policies that does not appear word for word "
                       "in this policy, other than duplicates merged (Appendix A): clauses the "
                       "author removed, and clauses reworded. Nothing was left out without a "
                       "record here.")]
    not_read = [f"{s.title or s.path}: {said}" for s in doc.sources for said in s.not_read]
    if not_read:  # (pictures, embedded objects: the readers said so when they read them)
        out.append(writer.text("What the source policies held that could not be carried over:",
                               keep_next=True))
        out += writer.bullets(not_read)
    rows = [[r.policy, r.section or "\u2013", r.original, r.outcome]
            for r in change_rows(doc, numbers)]
    if not rows:
        out.append(writer.text("No clause was removed or reworded."))
        return out
    out.append(writer.grid(["Source policy", "Section", "Source wording", "What happened"],
                           rows, [17, 17, 33, 33], caption="What was removed or reworded"))
    return out


# --- helpers ------------------------------------------------------------------------------------


def _titles(sources: tuple[SourceInfo, ...]) -> dict[str, str]:
    return {s.document_id: s.title or s.path for s in sources}


def _group_refs(refs: Iterable[SourceRef], titles: dict[str, str],
                sources: tuple[SourceInfo, ...]) -> tuple[str, ...]:
    """Returns "Policy: 3, 3.2" per source policy, in the sources' order, sections de-duplicated."""
    sections: dict[str, list[str]] = {}
    for ref in refs:
        bucket = sections.setdefault(ref.document_id, [])
        if ref.section and ref.section not in bucket:
            bucket.append(ref.section)
    order = {s.document_id: i for i, s in enumerate(sources)}
    out = []
    for doc_id in sorted(sections, key=lambda d: order.get(d, len(order))):
        numbers = sorted(sections[doc_id], key=_section_key)
        name = titles.get(doc_id, doc_id)
        out.append(f"{name}: {', '.join(numbers)}" if numbers else name)
    return tuple(out)


def _section_key(section: str) -> tuple:
    """Returns a sort key that puts "2" before "10" and "2.1" before "2.10"."""
    parts = []
    for piece in section.replace(" ", ".").split("."):
        parts.append((0, int(piece), "") if piece.isdigit() else (1, 0, piece))
    return tuple(parts)


def _removed(note: str) -> str:
    return note[:1].upper() + note[1:] if note else "Removed by the author"


def _short(text: str, limit: int = 240) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"

