"""Clause clusters across policies: identical, near-identical and channel-parallel clauses."""

from __future__ import annotations

import hashlib
import math
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from enum import Enum
from itertools import chain, combinations

from rapidfuzz import fuzz

from consolidator.consolidation.align import Alignment
from consolidator.consolidation.combine import combine_channels, content_key
from consolidator.consolidation.conflicts import (
    Conflict,
    Finding,
    conflict_id,
    describe,
    disagreement,
    judge_pair,
)
from consolidator.consolidation.personal_use import find_personal_use_conflicts
from consolidator.consolidation.routes import (
    clause_pointers,
    find_route_conflicts,
    may_point,
    row_pointer,
)
from consolidator.consolidation.subjects import MAX_WORDS as MAX_SUBJECT_WORDS
from consolidator.consolidation.subjects import find_subject_conflicts
from consolidator.consolidation.table_rows import Row, row_conflicts, table_rows
from consolidator.consolidation.topics import (
    STOPWORDS,
    channels_of_documents,
    content_words,
    find_channels,
    mask_channels,
    words,
)
from consolidator.consolidation.units import (
    ClauseRef,
    clause_text,
    row_place,
    split_sentences,
    struck_blocks,
)
from consolidator.consolidation.wording import (
    compatible,
    modality,
    sentences_compatible,
    stance,
)
from consolidator.model import BlockKind, SourceDocument, quick_init
from consolidator.progress import CancelCheck, Progress, check_cancel, report

NEAR_IDENTICAL = 0.8  # likeness of near-identical clauses (the draft merges them from 0.9)
PARALLEL = 0.92  # likeness, channel terms masked, of clauses that differ only by the channel
PREFILTER = 0.6  # pairs below this likeness (channels masked) are not examined further
OVERLAP = 0.5  # share of content words two clauses worth comparing have in common (at least)
MAX_BUCKET = 150  # a word shared by more clauses than this is too common to block on
MAX_PAIRS = 2_000_000  # candidate pairs compared at most (a note says when more were left)
MIN_WORDS = 4  # shorter clauses ("Yes", "See 4.2") are not matched in the second pass
MIN_KEYS = 2  # clauses with fewer content words are not matched at all



class ClusterKind(str, Enum):
    IDENTICAL = "identical"
    NEAR_IDENTICAL = "near-identical"
    CHANNEL_PARALLEL = "channel-parallel"  # the same clause, each about a different channel


@dataclass(frozen=True)
class Cluster:
    """Clauses of different sources that say the same; `proposed_text` is the draft's wording."""

    id: str  # "k" + hash of the member keys
    kind: ClusterKind
    members: tuple[ClauseRef, ...]  # in document order
    similarity: float  # the lowest likeness between linked members, 0..1
    proposed_text: str

    @property
    def whole_blocks(self) -> bool:
        """Returns True when every member is a whole block (the plan can merge such clusters)."""
        return all(m.sentence is None for m in self.members)

    @property
    def document_ids(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(m.document_id for m in self.members))


@quick_init  # one per candidate pair
@dataclass(frozen=True)
class PairScore:
    """A candidate pair of clause units (indexes into ClauseIndex.units) and their likeness."""

    a: int
    b: int
    likeness: float  # 0..1, as written
    masked: float  # 0..1, channel terms masked
    finding: Finding | None  # what they disagree on, when they conflict
    apart: bool = False  # alike, but they commit to different things: never one wording

    def links(self) -> bool:
        """Returns True when the pair may join a duplicate cluster (see find_clusters)."""
        return self.finding is None and not self.apart and (
            self.likeness >= NEAR_IDENTICAL or self.masked >= PARALLEL)


@dataclass(frozen=True)
class ClauseIndex:
    """Every clause unit of the sources and the candidate pairs worth comparing."""

    units: tuple[ClauseRef, ...]
    pairs: tuple[PairScore, ...]
    document_names: tuple[tuple[str, str], ...]  # (document id, file name)
    notes: tuple[str, ...] = ()  # plain English: limits reached while comparing

    def where(self, ref: ClauseRef) -> str:
        """Returns "Email Policy.docx 4.2" style words naming where a clause is."""
        name = dict(self.document_names).get(ref.document_id, ref.document_id)
        return f"{name} {ref.section}".strip() if ref.section else name


@dataclass(frozen=True)
class ClauseAnalysis:
    index: ClauseIndex
    clusters: tuple[Cluster, ...]
    conflicts: tuple[Conflict, ...]


def _blocking_keys(text: str) -> set[str]:
    """Returns a clause's content words, the channel placeholder left out."""
    return {w for w in content_words(text) if w != "channel"}


def index_clauses(
    docs: Sequence[SourceDocument],
    alignment: Alignment,
    *,
    progress: Progress | None = None,
    cancel: CancelCheck | None = None,
) -> ClauseIndex:
    """Returns the clause units (blocks, and sentences of longer paragraphs) and candidate pairs.

    Pairs come from bucketing each unit under its rarest content words (channels masked), so the
    work grows with the number of clauses, not with its square: identical texts are compared
    once (one of them stands for the others, which are linked to it), crowded buckets are left
    out, and past MAX_PAIRS candidates the comparison stops with a note saying so.
    """
    report(progress, 0.0, "Collecting clauses")
    units, tables = _collect_units(alignment)
    check_cancel(cancel)
    report(progress, 0.2, f"Comparing {len(units)} clauses")
    texts = _UnitTexts(units)
    candidates, notes = _candidate_pairs(units, texts)
    check_cancel(cancel)
    pairs = _withdrawn_apart(_score_pairs(units, texts, candidates, alignment, tables,
                                          progress, cancel), units, struck_blocks(docs))
    check_cancel(cancel)
    report(progress, 0.95, "Comparing clauses about the same subject")
    pairs = _add_subject_conflicts(units, alignment.admin_blocks, tables, texts.norm,
                                   texts.tokens, pairs)
    pairs = _add_route_conflicts(units, alignment, tables, texts.norm, texts.tokens, pairs)
    pairs = _add_row_conflicts(units, alignment, tables, pairs)
    pairs = _add_personal_use_conflicts(units, alignment.admin_blocks, tables, texts.norm,
                                        channels_of_documents(docs), pairs)
    report(progress, 1.0, f"{len(pairs)} similar pairs")
    return ClauseIndex(
        units=tuple(units),
        pairs=tuple(pairs),
        document_names=tuple((d.id, d.name) for d in docs),
        notes=notes,
    )


def _collect_units(alignment: Alignment) -> tuple[list[ClauseRef], set[int]]:
    """Returns every clause unit (each non-empty block; each sentence of a paragraph of
    several) and the indexes of the units that are whole tables. A list item stating no duty
    of its own carries its lead-in ("Staff must not:", "Examples of acceptable use include:"):
    ClauseRef.lead."""
    topic_of = alignment.topic_of_section()
    units: list[ClauseRef] = []
    tables: set[int] = set()
    for section in alignment.sections:
        topic_id = topic_of.get(section.id, "")
        lead = ""
        for block in section.blocks:
            text = clause_text(block)
            if not text:
                continue
            if block.kind is not BlockKind.LIST_ITEM:
                lead = text if text.rstrip().endswith(":") else ""
            # an item with a duty of its own ("Staff must not ...") is judged on its own words
            item_lead = lead if block.kind is BlockKind.LIST_ITEM and modality(text)[0] is None \
                else ""
            label = block.origin.section if block.origin else section.number
            units.append(ClauseRef(section.document_id, block.id, None, text, topic_id, label,
                                   lead=item_lead))
            if block.kind is BlockKind.TABLE:
                tables.add(len(units) - 1)
                continue
            sentences = split_sentences(text)
            if len(sentences) > 1:
                units.extend(ClauseRef(section.document_id, block.id, i, sentence, topic_id,
                                       label, lead=item_lead)
                             for i, sentence in enumerate(sentences))
    return units, tables


def _lead_mark(unit: ClauseRef) -> str:
    """Returns what a list item's lead-in says, as a mark on its words: items under lead-ins
    saying different things ("Examples of acceptable use include:" / "... unacceptable ...")
    are never the same clause."""
    return f" [{content_key(unit.lead)}]" if unit.lead else ""


_NOT_KEYS = STOPWORDS | {"channel"}  # words no clause is found by


class _UnitTexts:
    """The forms of each unit's text the comparison uses: its words, its words with channel
    terms masked, and its blocking keys (content words of the masked text)."""

    def __init__(self, units: Sequence[ClauseRef]) -> None:
        plain_words: list[list[str]] = [[] for _ in units]
        masked_words: list[list[str]] = [[] for _ in units]
        unmasked = [True] * len(units)  # no channel term: the masked words are the words
        sentences = _sentence_units(units)
        for i, u in enumerate(units):
            if i in sentences:
                continue
            ws = plain_words[i] = words(u.text)
            masked = mask_channels(u.text)
            if masked == u.text:
                masked_words[i] = ws
            else:
                masked_words[i], unmasked[i] = words(masked), False
        # A paragraph's words are its sentences' words, one after the other (no word or
        # channel term runs across the space between two sentences): joined, not read again.
        for i, parts in sentences.items():
            plain_words[i] = [w for k in parts for w in plain_words[k]]
            if all(unmasked[k] for k in parts):
                masked_words[i] = plain_words[i]
            else:
                masked_words[i], unmasked[i] = [w for k in parts for w in masked_words[k]], False
        plain = [" ".join(ws) for ws in plain_words]
        # the same words under a lead-in of another duty are not the same text
        self.norm = [text + _lead_mark(u) if u.lead else text
                     for text, u in zip(plain, units, strict=True)]
        self.masked = [text if same else " ".join(ws)
                       for text, same, ws in zip(plain, unmasked, masked_words, strict=True)]
        self.tokens = [set(ws).difference(_NOT_KEYS) for ws in masked_words]


def _sentence_units(units: Sequence[ClauseRef]) -> dict[int, list[int]]:
    """Returns {a whole paragraph's unit: its sentences' units} (_collect_units puts a
    paragraph's sentences right after it)."""
    out: dict[int, list[int]] = {}
    whole = -1
    for i, u in enumerate(units):
        if u.sentence is None:
            whole = i if u.row is None else -1  # a table's rows are not its sentences
        elif whole >= 0 and units[whole].block_key == u.block_key:
            out.setdefault(whole, []).append(i)
    return out


def _candidate_pairs(units: Sequence[ClauseRef], texts: _UnitTexts
                     ) -> tuple[list[tuple[int, int]], tuple[str, ...]]:
    """Returns the pairs of units of different documents worth comparing, sorted, and notes."""
    norm, tokens = texts.norm, texts.tokens
    exact: dict[str, list[int]] = defaultdict(list)
    for i, text in enumerate(norm):
        exact[text].append(i)
    candidates: set[tuple[int, int]] = set()
    standing_in: set[int] = set()  # units another unit with the same words stands for
    document = [u.document_id for u in units]
    for members in exact.values():
        if len(members) == 1:  # most clauses: worded as no other
            continue
        candidates.update(_exact_links(units, members))
        seen: set[str] = set()
        for i in members:
            if document[i] in seen:
                standing_in.add(i)
            seen.add(document[i])
    frequency = Counter(chain.from_iterable(
        toks for i, toks in enumerate(tokens) if i not in standing_in))
    # Each word's rank, rarest first (ties in word order); -1 for a word of one unit only
    rank = dict.fromkeys(frequency, -1)
    rank.update((t, n) for n, (_, t) in enumerate(sorted((f, t) for t, f in frequency.items()
                                                         if f > 1)))
    buckets: dict[int, list[int]] = defaultdict(list)  # a word's rank -> units
    for i, toks in enumerate(tokens):
        if i in standing_in or len(toks) < MIN_KEYS or (
            units[i].sentence is None and len(norm[i]) > 1500
        ):
            continue
        # Prefix filtering: clauses sharing at least OVERLAP of their words share one of the
        # rarest len - ceil(OVERLAP * len) + 1 words, so only those words need a bucket.
        ranks = sorted(map(rank.__getitem__, toks))
        first = bisect_left(ranks, 0)  # words of other units too
        prefix = len(toks) - math.ceil(OVERLAP * len(toks)) + 1
        for r in ranks[first:first + prefix]:
            buckets[r].append(i)
    notes: tuple[str, ...] = ()
    for members in buckets.values():
        if len(members) > MAX_BUCKET:
            continue
        candidates.update([(i, j) for i, j in combinations(members, 2)
                           if document[i] != document[j]])
        if len(candidates) > MAX_PAIRS:
            notes = (f"The policies repeat so much that only the first {MAX_PAIRS:,} pairs of "
                     "similar clauses were compared: some duplicates or conflicts may not be "
                     "shown.",)
            break
    return sorted(candidates), notes


def _exact_links(units: Sequence[ClauseRef], members: list[int]) -> list[tuple[int, int]]:
    """Returns pairs linking units with the same words across documents, in a star: enough
    for them to form one cluster, and as many pairs as units, not their square."""
    first = members[0]
    other = next((i for i in members if units[i].document_id != units[first].document_id), None)
    if other is None:
        return []
    links = []
    for i in members:
        anchor = other if units[i].document_id == units[first].document_id else first
        if i != anchor:
            links.append((min(i, anchor), max(i, anchor)))
    return links


def _withdrawn_apart(pairs: list[PairScore], units: Sequence[ClauseRef],
                     struck: frozenset[str]) -> list[PairScore]:
    """Returns the pairs with a clause struck through (withdrawn) and the same words in force
    kept apart: they are no duplicates ("~~Skype for Business~~" against "Skype for
    Business"), and merge --report and the Consolidate view never list them as such."""
    if not struck:
        return pairs
    return [replace(p, apart=True) if p.finding is None and (units[p.a].block_key in struck) != (
                units[p.b].block_key in struck) else p for p in pairs]


def _score_pairs(units: Sequence[ClauseRef], texts: _UnitTexts,
                 candidates: Sequence[tuple[int, int]], alignment: Alignment, tables: set[int],
                 progress: Progress | None, cancel: CancelCheck | None) -> list[PairScore]:
    """Returns the candidates alike enough to matter, each scored and judged (_score). Two
    tables that differ are kept apart unjudged: their rows are judged one by one
    (_add_row_conflicts); a whole table's text is no sentence to judge."""
    norm, masked = texts.norm, texts.masked
    admin = alignment.admin_blocks
    split = _split_blocks(units)
    pairs: list[PairScore] = []
    verdicts: dict[tuple, tuple[Finding | None, bool]] = {}  # policies repeat their clauses
    for n, (i, j) in enumerate(candidates):
        if n % 2000 == 0:
            check_cancel(cancel)
            report(progress, 0.3 + 0.7 * n / max(1, len(candidates)), "Comparing clauses")
        if norm[i] == norm[j]:
            pairs.append(PairScore(i, j, 1.0, 1.0, None))
            continue
        len_i, len_j = len(masked[i]), len(masked[j])
        if min(len_i, len_j) < 0.6 * max(len_i, len_j):
            continue
        m = fuzz.ratio(masked[i], masked[j]) / 100
        if m < PREFILTER:
            continue
        likeness = max(fuzz.ratio(norm[i], norm[j]), fuzz.token_sort_ratio(norm[i], norm[j])) / 100
        if i in tables or j in tables:
            pairs.append(PairScore(i, j, likeness, m, None, True))
            continue
        pairs.append(_score(units[i], units[j], i, j, likeness, m,
                            metadata=units[i].block_key in admin or units[j].block_key in admin,
                            whole_split=i in split or j in split, verdicts=verdicts))
    return pairs


def _score(a: ClauseRef, b: ClauseRef, i: int, j: int, likeness: float, masked: float, *,
           metadata: bool, whole_split: bool,
           verdicts: dict[tuple, tuple[Finding | None, bool]] | None = None) -> PairScore:
    """Returns the pair's score and what the two clauses disagree on (`verdicts`: those of
    pairs already judged, by what the judgement depends on: the same two texts recur).

    Clauses that say the same once the differing terms are masked are judged (judge_pair);
    clauses alike enough to be merged are checked for every difference in what they commit to
    (disagreement), so no duplicate cluster ever holds a rule and its opposite. A pair with a
    title page or document-control line is never a conflict, and is kept apart when the two
    differ in a figure or a date. A paragraph of several sentences is judged sentence by
    sentence (`whole_split`: one side is such a paragraph as a whole), so a paragraph holding
    a sentence and one more rule is no contradiction of that sentence. A list item is judged
    with the duty its lead-in states, and is never one clause with a clause under another
    lead-in or none: printed apart from its lead-in, its words would say the opposite."""
    judged = not (metadata or whole_split)
    alike = likeness >= NEAR_IDENTICAL or masked >= PARALLEL
    same_topic = a.topic_id == b.topic_id
    key = (a.text, b.text, a.lead, b.lead, same_topic, judged, whole_split, alike)
    verdict = verdicts.get(key) if verdicts is not None else None
    if verdict is None:
        verdict = _judge(a, b, same_topic=same_topic, judged=judged, whole_split=whole_split,
                         alike=alike)
        if verdicts is not None:
            verdicts[key] = verdict
    return PairScore(i, j, likeness, masked, *verdict)


def _judge(a: ClauseRef, b: ClauseRef, *, same_topic: bool, judged: bool, whole_split: bool,
           alike: bool) -> tuple[Finding | None, bool]:
    """Returns (what two clauses disagree on, whether they must be kept apart): see _score.
    Depends on the clauses' texts and lead-ins alone (the key of _score's `verdicts`)."""
    finding = judge_pair(a.judged, b.judged, same_topic=same_topic) if judged else None
    apart = False
    if finding is None and alike:
        finding = disagreement(a.judged, b.judged) if judged else None
        apart = finding is None and (_lead_mark(a) != _lead_mark(b) or not (
            sentences_compatible(a.text, b.text) if whole_split
            else compatible(stance(a.judged), stance(b.judged))))
    return finding, apart


def _split_blocks(units: Sequence[ClauseRef]) -> set[int]:
    """Returns the indexes of whole-block units whose sentences are units of their own."""
    split = {u.block_key for u in units if u.sentence is not None}
    return {i for i, u in enumerate(units) if u.sentence is None and u.block_key in split}


def _add_subject_conflicts(
    units: Sequence[ClauseRef],
    admin: Mapping[str, str],
    tables: set[int],
    norm: Sequence[str],
    tokens: Sequence[set[str]],
    pairs: list[PairScore],
) -> list[PairScore]:
    """Returns `pairs` with the second pass's conflicts (subjects.find_subject_conflicts).

    It looks at single sentences and one-sentence paragraphs, not at tables, paragraphs already
    split into sentences, title pages or document control (`admin`); pairs the first pass
    flagged are not judged again.
    """
    split = {u.block_key for u in units if u.sentence is not None}
    eligible = [
        i not in tables
        and not (u.sentence is None and u.block_key in split)
        and u.block_key not in admin
        and MIN_WORDS <= norm[i].count(" ") + 1 <= MAX_SUBJECT_WORDS
        for i, u in enumerate(units)
    ]
    flagged = {(p.a, p.b) for p in pairs if p.finding is not None}
    found = find_subject_conflicts(
        [u.text for u in units], [u.document_id for u in units], [u.topic_id for u in units],
        tokens, eligible, flagged,
    )
    return _with_findings(pairs, found, norm)


def _add_personal_use_conflicts(units: Sequence[ClauseRef], admin: Mapping[str, str],
                                tables: set[int], norm: Sequence[str],
                                channel_of: Mapping[str, str],
                                pairs: list[PairScore]) -> list[PairScore]:
    """Returns `pairs` with the fourth pass's conflicts (personal_use.find_personal_use_conflicts)
    among the clauses the second pass takes (no tables, title pages or document control; a
    paragraph split into sentences by its sentences)."""
    split = {u.block_key for u in units if u.sentence is not None}
    eligible = [i not in tables and not (u.sentence is None and u.block_key in split)
                and u.block_key not in admin for i, u in enumerate(units)]
    flagged = {(p.a, p.b) for p in pairs if p.finding is not None}
    found = find_personal_use_conflicts([u.text for u in units], [u.document_id for u in units],
                                        channel_of, eligible, flagged)
    return _with_findings(pairs, found, norm)


def _add_route_conflicts(units: list[ClauseRef], alignment: Alignment, tables: set[int],
                         norm: Sequence[str], tokens: Sequence[set[str]],
                         pairs: list[PairScore]) -> list[PairScore]:
    """Returns `pairs` with the third pass's conflicts (routes.find_route_conflicts): the
    same matter sent to different contacts, by clauses (as the second pass takes them) or by
    rows of two-column contact tables; such a row becomes a unit of its own, added to
    `units`."""
    split = {u.block_key for u in units if u.sentence is not None}
    admin = alignment.admin_blocks
    candidates = [i for i, u in enumerate(units)
                  if may_point(tokens[i].union(words(u.lead)) if u.lead else tokens[i], u.judged)
                  and i not in tables and not (u.sentence is None and u.block_key in split)
                  and u.block_key not in admin]
    heading = {f"{s.document_id}/{b.id}": s.title for s in alignment.sections for b in s.blocks}
    pointers = clause_pointers({i: (units[i].judged, heading.get(units[i].block_key, ""))
                                for i in candidates})
    blocks = {f"{s.document_id}/{b.id}": b for s in alignment.sections for b in s.blocks
              if b.table is not None}
    base = len(units)
    rows: dict[int, tuple[int, Row]] = {}  # a row's provisional index (from base) -> its table
    for t in sorted(tables):
        if units[t].block_key in admin:
            continue
        for row in table_rows(units[t].block_key, blocks[units[t].block_key]):
            p = row_pointer(row.cells)
            if p is not None:
                rows[base + len(rows)] = (t, row)
                pointers[base + len(rows) - 1] = p
    groups = {i: units[rows[i][0] if i >= base else i].document_id for i in pointers}
    flagged = {(p.a, p.b) for p in pairs if p.finding is not None}
    found = find_route_conflicts(pointers, groups, flagged)
    norm = list(norm)
    at: dict[int, int] = {}

    def unit(i: int) -> int:
        if i < base:
            return i
        if i not in at:
            t, row = rows[i]
            units.append(replace(units[t], text=row.text, row=row.index,
                                 section=row_place(units[t].section, row.item)))
            norm.append(" ".join(words(row.text)))
            at[i] = len(units) - 1
        return at[i]

    return _with_findings(pairs, [(unit(i), unit(j), f) for i, j, f in found], norm)


def _with_findings(pairs: list[PairScore], found: Sequence[tuple[int, int, Finding]],
                   norm: Sequence[str]) -> list[PairScore]:
    """Returns `pairs` with each found (i, j, finding) set on its pair, or added as one."""
    if not found:
        return pairs
    position = {(p.a, p.b): n for n, p in enumerate(pairs)}
    out = list(pairs)
    for i, j, finding in found:
        n = position.get((i, j))
        if n is not None:
            out[n] = replace(out[n], finding=finding)
            continue
        likeness = max(fuzz.ratio(norm[i], norm[j]), fuzz.token_sort_ratio(norm[i], norm[j]))
        out.append(PairScore(i, j, likeness / 100, 0.0, finding))
    return out


def _add_row_conflicts(units: list[ClauseRef], alignment: Alignment, tables: set[int],
                       pairs: list[PairScore]) -> list[PairScore]:
    """Returns `pairs` with the conflicts between rows of different policies' tables about
    the same item (table_rows.row_conflicts); each such row becomes a unit of its own, added
    to `units`. Tables of the title page or document control are left out."""
    admin = alignment.admin_blocks
    table_units = {units[i].block_key: units[i] for i in tables
                   if units[i].block_key not in admin}
    if len(table_units) < 2:
        return pairs
    blocks = {f"{s.document_id}/{b.id}": b for s in alignment.sections for b in s.blocks
              if b.table is not None}
    found = row_conflicts({k: (u.document_id, blocks[k]) for k, u in table_units.items()})
    at: dict[tuple[str, int], int] = {}

    def unit(row: Row) -> int:
        if (row.block_key, row.index) not in at:
            table = table_units[row.block_key]
            units.append(replace(table, text=row.text, section=row_place(table.section, row.item),
                                 row=row.index))
            at[(row.block_key, row.index)] = len(units) - 1
        return at[(row.block_key, row.index)]

    out = list(pairs)
    for a, b, finding in found:
        likeness = fuzz.ratio(a.text, b.text) / 100
        out.append(PairScore(unit(a), unit(b), likeness, 0.0, finding))
    return out


def find_clusters(
    index: ClauseIndex,
    *,
    progress: Progress | None = None,
    cancel: CancelCheck | None = None,
) -> tuple[Cluster, ...]:
    """Returns clusters of identical, near-identical and channel-parallel clauses, in doc order.

    Conflicting pairs never join a cluster. A sentence cluster is left out when the paragraphs
    holding its sentences form a cluster themselves.
    """
    report(progress, 0.0, "Grouping duplicate clauses")
    linked: list[tuple[int, int, str, float]] = []
    for pair in index.pairs:
        if not pair.links():
            continue
        a, b = index.units[pair.a], index.units[pair.b]
        if pair.likeness >= 1.0:
            kind, sim = ClusterKind.IDENTICAL, 1.0
        elif pair.masked >= PARALLEL and _channels_differ(a.text, b.text):
            kind, sim = ClusterKind.CHANNEL_PARALLEL, pair.masked
        elif pair.likeness >= NEAR_IDENTICAL:
            kind, sim = ClusterKind.NEAR_IDENTICAL, pair.likeness
        else:
            continue
        linked.append((pair.a, pair.b, kind, sim))
    check_cancel(cancel)
    components = _Components(index.units, _split_blocks(index.units))
    linked.sort(key=lambda link: (-link[3], link[0], link[1]))  # the closest pairs first
    accepted = [link for link in linked if components.join(link[0], link[1])]
    groups = components.groups()
    edges: dict[int, list[tuple[str, float]]] = defaultdict(list)
    for a, _, kind, sim in accepted:
        edges[components.find(a)].append((kind, sim))
    block_clusters = {
        frozenset(index.units[i].block_key for i in members)
        for members in groups.values()
        if all(index.units[i].sentence is None for i in members)
    }
    clusters: list[Cluster] = []
    for root, members in groups.items():
        if len(members) < 2:
            continue  # a unit whose every link was refused stands alone: no cluster
        members.sort()
        refs = tuple(index.units[i] for i in members)
        if any(r.sentence is not None for r in refs) and (
            frozenset(r.block_key for r in refs) in block_clusters
        ):
            continue
        kinds = {k for k, _ in edges[root]}
        if ClusterKind.CHANNEL_PARALLEL in kinds:
            kind = ClusterKind.CHANNEL_PARALLEL
        elif kinds == {ClusterKind.IDENTICAL}:
            kind = ClusterKind.IDENTICAL
        else:
            kind = ClusterKind.NEAR_IDENTICAL
        similarity = round(min(s for _, s in edges[root]), 3)
        clusters.append(
            Cluster(cluster_id(refs), kind, refs, similarity, proposed_wording(kind, refs))
        )
    position = {u.key: i for i, u in enumerate(index.units)}
    clusters.sort(key=lambda c: position[c.members[0].key])
    report(progress, 1.0, f"{len(clusters)} clusters")
    return tuple(clusters)


class _Components:
    """Union-find over clause units that joins two groups only when no clause of one commits to
    anything a clause of the other contradicts. Each group keeps the union of its members'
    stance signatures (wording.Stance.signature): a field with two values refuses the join.
    A paragraph of several sentences has no one signature: it joins a group only when it agrees
    sentence by sentence with every text in it (wording.sentences_compatible). That keeps every
    cluster free of disagreeing members, also through a chain of links."""

    def __init__(self, units: Sequence[ClauseRef], split: set[int]) -> None:
        self.units = units
        self.split = split  # whole paragraphs whose sentences are units of their own
        self.parent: dict[int, int] = {}
        self.signature: dict[int, dict[str, object]] = {}
        self.texts: dict[int, set[str]] = {}  # root -> every distinct text in the group
        self.paragraphs: dict[int, set[str]] = {}  # root -> the texts of split paragraphs
        self._agree: dict[tuple[str, str], bool] = {}

    def find(self, i: int) -> int:
        parent = self.parent
        if i not in parent:
            parent[i] = i
            text = self.units[i].judged
            split = i in self.split
            self.signature[i] = {} if split else dict(stance(text).signature())
            self.texts[i] = {text}
            self.paragraphs[i] = {text} if split else set()
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def join(self, a: int, b: int) -> bool:
        """Returns True when a's and b's groups are one group now (or were already)."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        sa, sb = self.signature[ra], self.signature[rb]
        if any(name in sb and sb[name] != value for name, value in sa.items()):
            return False
        if not (self._paragraphs_agree(ra, rb) and self._paragraphs_agree(rb, ra)):
            return False
        self.parent[rb] = ra
        sa.update(sb)
        self.texts[ra] |= self.texts.pop(rb)
        self.paragraphs[ra] |= self.paragraphs.pop(rb)
        del self.signature[rb]
        return True

    def _paragraphs_agree(self, ra: int, rb: int) -> bool:
        for paragraph in self.paragraphs[ra]:
            for text in self.texts[rb]:
                key = (paragraph, text)
                if key not in self._agree:
                    self._agree[key] = sentences_compatible(paragraph, text)
                if not self._agree[key]:
                    return False
        return True

    def groups(self) -> dict[int, list[int]]:
        """Returns root -> member unit indexes, for every unit ever joined."""
        out: dict[int, list[int]] = defaultdict(list)
        for i in list(self.parent):
            out[self.find(i)].append(i)
        return out


def find_conflicts(
    index: ClauseIndex,
    *,
    progress: Progress | None = None,
    cancel: CancelCheck | None = None,
) -> tuple[Conflict, ...]:
    """Returns the conflicts among the index's candidate pairs, in document order.

    A disagreement found between two sentences (or table rows) is reported once, at that
    level; the paragraphs (tables) holding them are not reported again.
    """
    report(progress, 0.0, "Looking for conflicting clauses")
    found: list[tuple[int, int, Finding]] = []
    for n, pair in enumerate(index.pairs):
        if n % 2000 == 0:
            check_cancel(cancel)
        if pair.finding is not None:
            found.append((pair.a, pair.b, pair.finding))
    sentence_blocks = {
        frozenset({index.units[a].block_key, index.units[b].block_key})
        for a, b, _ in found
        if not (index.units[a].whole and index.units[b].whole)
    }
    conflicts: list[Conflict] = []
    seen: set[str] = set()
    for a, b, finding in sorted(found, key=lambda f: (f[0], f[1])):
        ua, ub = index.units[a], index.units[b]
        if ua.whole and ub.whole and (
            frozenset({ua.block_key, ub.block_key}) in sentence_blocks
        ):
            continue
        cid = conflict_id(ua, ub)
        if cid in seen:
            continue
        seen.add(cid)
        reason = describe(finding, index.where(ua), index.where(ub))
        conflicts.append(Conflict(cid, finding.kind, ua, ub, reason, finding.cross_channel,
                                  finding))
    report(progress, 1.0, f"{len(conflicts)} conflicts")
    return tuple(conflicts)


def analyse_clauses(
    docs: Sequence[SourceDocument],
    alignment: Alignment,
    *,
    progress: Progress | None = None,
    cancel: CancelCheck | None = None,
) -> ClauseAnalysis:
    """Returns the clause index, clusters and conflicts of the aligned documents in one pass."""
    index = index_clauses(docs, alignment, progress=progress, cancel=cancel)
    clusters = find_clusters(index, cancel=cancel)
    conflicts = find_conflicts(index, cancel=cancel)
    return ClauseAnalysis(index, clusters, conflicts)


def cluster_id(members: Sequence[ClauseRef]) -> str:
    """Returns the stable id of a cluster: a hash of its members' keys."""
    keys = "|".join(sorted(m.key for m in members))
    return "k" + hashlib.sha1(keys.encode()).hexdigest()[:10]


def _channels_differ(text_a: str, text_b: str) -> bool:
    a = [m.channel for m in find_channels(text_a)]
    b = [m.channel for m in find_channels(text_b)]
    return bool(a) and bool(b) and a != b


def proposed_wording(kind: ClusterKind, members: Sequence[ClauseRef]) -> str:
    """Returns the draft's wording for a cluster.

    Identical: the text. Near-identical: the longest (most complete) variant. Channel-parallel:
    one wording listing what differs between the variants (combine.combine_channels).
    """
    if kind is ClusterKind.IDENTICAL:
        return members[0].text
    if kind is ClusterKind.NEAR_IDENTICAL:
        return max(members, key=lambda m: (len(m.text), -members.index(m))).text
    return combine_channels([m.text for m in members])
