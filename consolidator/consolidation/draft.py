"""draft_plan(): the drafted Digital Policy outline, with the draft's default decisions."""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import replace

from consolidator.consolidation.align import FRONT_MATTER, Alignment
from consolidator.consolidation.clauses import Cluster, ClusterKind, cluster_id
from consolidator.consolidation.combine import content_key, fuller_wording, same_content
from consolidator.consolidation.conflicts import Conflict, merge_copies
from consolidator.consolidation.editorial import propose
from consolidator.consolidation.frontmatter import DOCUMENT_CONTROL, TITLE_PAGE
from consolidator.consolidation.lists import SourceList, source_lists, whole_lists
from consolidator.consolidation.plan import (
    AUTO_MERGE,
    CONFIRM_NOTE,
    DOCUMENT_CONTROL_NOTE,
    SUPERSEDED_NOTE,
    TITLE_PAGE_NOTE,
    ClauseStatus,
    Decision,
    DecisionKind,
    MergePlan,
    PlanClause,
    PlanSection,
    fuller_note,
)
from consolidator.consolidation.reading import clause_groups
from consolidator.consolidation.topics import (
    CHANNEL_ORDER,
    CHAPTER_ORDER,
    CHAPTER_TITLES,
    TOPICS_BY_KEY,
    channels_of_documents,
    chapter_titles_of_channels,
    words,
)
from consolidator.consolidation.units import (
    ClauseRef,
    clause_text,
    list_lead_ins,
    struck_blocks,
)
from consolidator.consolidation.wording import stance
from consolidator.model import Block, BlockKind, SourceDocument, SourceRef


def draft_plan(
    docs: Sequence[SourceDocument],
    alignment: Alignment,
    clusters: Sequence[Cluster],
    conflicts: Sequence[Conflict],
) -> MergePlan:
    """Returns the drafted Digital Policy outline with the draft's default decisions and the
    editorial proposals (editorial.propose).

    Common topics become one chapter each (in the order Introduction, Scope, Definitions, General
    principles, ..., Review); topics found in one policy only go into that policy's channel
    chapter (Email, Internet, Social media, Mobile devices); duplicate blocks become one clause
    (identical: the first variant; near-identical: only when they differ in linking words alone,
    combine.same_content, with the others' wordings as variants to choose), channel-parallel
    blocks one clause with the combined wording, and both sides of every conflict stay in, open,
    until the author decides. Conflicts between the same two clauses of the draft (a clause
    several policies hold, merged into one) are reported once (conflicts.merge_copies). Members
    of a cluster that say the same (same_content) always become one clause, also when the
    cluster as a whole is left to the author.

    The sources' own title pages (the short lines before the first heading), document control
    and version-history tables (recognised by their labels: Version, Owner, Approved by, Review
    date ...) and their captions go into the chapters "Front matter of the source policies" and
    "Document control", which default decisions exclude (the author can INCLUDE them); other
    text before a policy's first heading opens the Introduction. List items that only name a
    source policy ("Email Policy" under Related policies) are excluded the same way, since this
    policy supersedes them.
    """
    drafter = _Drafter(docs, alignment)
    drafter.clauses_from_clusters(clusters, conflicts)
    drafter.clauses_from_blocks()
    drafter.assign_topics()
    sections = drafter.sections()
    defaults = drafter.defaults + drafter.superseded_defaults()
    plan = MergePlan(
        sections=tuple(sections),
        clauses=tuple(drafter.clauses[cid] for cid in _clause_order(sections, drafter.clauses)),
        conflicts=merge_copies(  # the same conflict of copies of one clause: once
            conflicts, drafter.clause_of_block, drafter.where),
        blanks=tuple(drafter.blanks),
    )
    return propose(plan.with_decisions(defaults), docs, clusters)


def clause_id_for_block(ref: ClauseRef) -> str:
    """Returns the stable plan clause id of a unique source block."""
    return "c" + hashlib.sha1(ref.block_key.encode()).hexdigest()[:10]


class _Drafter:
    """The draft's working state, filled step by step (see draft_plan): clauses, where each
    source block went, which chapter each topic goes to, and the default decisions."""

    def __init__(self, docs: Sequence[SourceDocument], alignment: Alignment) -> None:
        self.docs = docs
        self.alignment = alignment
        self.channel_of = channels_of_documents(docs)
        self.channel_titles = chapter_titles_of_channels(docs, self.channel_of)
        self.docs_by_id = {d.id: d for d in docs}
        self.lead_ins = list_lead_ins(docs)
        self.struck = struck_blocks(docs)
        self.labels: set[str] = set()  # block keys of sub-section headings printed as clauses
        self.sections_by_id = {s.id: s for s in alignment.sections}
        self.topic_of = alignment.topic_of_section()  # section id -> topic id
        self.parent_of = {c.id: s.id for s in alignment.sections for c in s.children}
        self.admin = alignment.admin_blocks  # block key -> TITLE_PAGE | DOCUMENT_CONTROL
        self.clause_of_block: dict[str, str] = {}
        self.home_of: dict[str, str] = {}  # clause id -> the block it is printed at, if not the
        # first of its blocks the outline reaches (a merged list: by a paragraph drawing on it)
        self.clauses: dict[str, PlanClause] = {}
        self.blanks: list[SourceRef] = []
        self.admin_clauses: dict[str, list[str]] = {TITLE_PAGE: [], DOCUMENT_CONTROL: []}
        self.admin_ids: frozenset[str] = frozenset()
        self.placed: set[str] = set()  # clause ids already in a section
        self.chapters: dict[str, list[str]] = defaultdict(list)  # chapter key -> topic ids
        self.chapter_titles: dict[str, str] = dict(CHAPTER_TITLES)
        self.channel_subsections: dict[str, list[str]] = defaultdict(list)  # chapter -> topics
        self.defaults: list[Decision] = []

    def where(self, ref: ClauseRef) -> str:
        return f"{self.docs_by_id[ref.document_id].name} {ref.section}".strip()

    def _block(self, ref: ClauseRef) -> Block:
        return self.docs_by_id[ref.document_id].block_by_id(ref.block_id)

    # --- clauses ------------------------------------------------------------------------
    def clauses_from_clusters(self, clusters: Sequence[Cluster],
                              conflicts: Sequence[Conflict]) -> None:
        """Lists that say the same as a whole become one (lead-in and items; lead-ins in
        conflict never); whole-block clusters become one clause each, but for an item of any
        other list (see lists.py); of a cluster left to the author, the members that say the
        same still do."""
        references = {t.id for t in self.alignment.topics if t.canonical == "related"}
        at_odds = {frozenset((c.a.block_key, c.b.block_key)) for c in conflicts}
        groups, alone = whole_lists(source_lists(
            self.alignment.sections, self.lead_ins,
            {sid for sid, tid in self.topic_of.items() if tid in references}), at_odds)
        for group in groups:
            self._one_list(group)
        for cluster in clusters:
            free = [m for m in cluster.members if m.sentence is None
                    and m.block_key not in self.admin and m.block_key not in self.clause_of_block
                    and m.block_key not in alone]
            if len(free) == len(cluster.members) and _mergeable(cluster, self.lead_ins) and \
                    len({m.block_key in self.struck for m in cluster.members}) == 1:
                # (a clause struck through in one source, withdrawn, is not one in force)
                self._cluster_clause(cluster)
            elif not _leads_a_list(cluster, self.lead_ins):
                self._same_content_clauses(cluster, free)

    def _cluster_clause(self, cluster: Cluster) -> None:
        fuller = _fuller(cluster)
        text = fuller[0] if fuller else cluster.proposed_text
        members = _ordered_members(cluster, text)
        first = self._block(members[0])
        status = (ClauseStatus.COMBINED if cluster.kind is ClusterKind.CHANNEL_PARALLEL
                  else ClauseStatus.MERGED)
        to_confirm = cluster.kind is ClusterKind.NEAR_IDENTICAL and cluster.similarity < AUTO_MERGE
        notes = (fuller_note(fuller[1]),) if fuller else (CONFIRM_NOTE,) if to_confirm else ()
        self.clauses[cluster.id] = PlanClause(
            cluster.id, first.kind, members, text, status,
            cluster.similarity, first.level, _numbered(first.label), notes=notes,
        )
        for m in members:
            self.clause_of_block[m.block_key] = cluster.id

    def _one_list(self, group: list[SourceList]) -> None:
        """Makes the lists of `group` (the same list in several policies) one: a clause for
        their lead-ins and one for each item's copies; printed where the first list stood when
        a paragraph draws on it (lists.whole_lists puts that one first), in its policy's part
        of a chapter split by channel."""
        for keys in zip(*(s.keys() for s in group), strict=True):
            if any(k in self.admin or k in self.clause_of_block for k in keys):
                continue
            refs = [self._block_ref(s.section, self.docs_by_id[s.section.document_id]
                                    .block_by_id(k.split("/", 1)[1]))
                    for s, k in zip(group, keys, strict=True)]
            fuller = fuller_wording([r.text for r in refs])  # None when they say the same
            if fuller:  # lead-ins differing by words one adds (lists.whole_lists)
                refs.sort(key=lambda r: r.text != fuller[0])
            cid = cluster_id(refs)
            self._merged_clause(cid, refs, (fuller_note(fuller[1]),) if fuller else ())
            if group[0].followed_on:  # printed by the paragraph drawing on it
                self.home_of[cid] = keys[0]

    def _same_content_clauses(self, cluster: Cluster, free: list[ClauseRef]) -> None:
        same: dict[tuple[str, str, bool], list[ClauseRef]] = defaultdict(list)
        for m in free:  # the same words and lead-in, struck through (withdrawn) or not
            same[(content_key(m.text), content_key(m.lead), m.block_key in self.struck)].append(m)
        for group in same.values():
            if len(group) >= 2:
                self._merged_clause(cluster.id if len(group) == len(cluster.members)
                                    else cluster_id(group), group)

    def _merged_clause(self, cid: str, refs: Sequence[ClauseRef],
                       notes: tuple[str, ...] = ()) -> None:
        """Makes the blocks of `refs`, which say the same, one clause (the first's wording)."""
        first = self._block(refs[0])
        self.clauses[cid] = PlanClause(cid, first.kind, tuple(refs), refs[0].text,
                                       ClauseStatus.MERGED, 1.0, first.level,
                                       _numbered(first.label), notes=notes)
        for ref in refs:
            self.clause_of_block[ref.block_key] = cid

    def _block_ref(self, section, block: Block) -> ClauseRef:
        """Returns the reference of a whole block of `section`."""
        return ClauseRef(section.document_id, block.id, None, clause_text(block),
                         self.topic_of[section.id],
                         block.origin.section if block.origin else "")

    def clauses_from_blocks(self) -> None:
        """Every other non-empty block is a clause of its own; empty ones are blanks."""
        for section in self.alignment.sections:
            for block in section.blocks:
                ref = self._block_ref(section, block)
                if ref.block_key in self.clause_of_block:
                    continue
                if not ref.text:
                    self.blanks.append(SourceRef(ref.document_id, ref.block_id, ref.section))
                    continue
                cid = clause_id_for_block(ref)
                self.clauses[cid] = PlanClause(cid, block.kind, (ref,), ref.text,
                                               level=block.level, numbered=_numbered(block.label))
                self.clause_of_block[ref.block_key] = cid
                if ref.block_key in self.admin:
                    self.admin_clauses[self.admin[ref.block_key]].append(cid)
        self.admin_ids = frozenset(cid for ids in self.admin_clauses.values() for cid in ids)
        self.placed = set(self.admin_ids)

    # --- chapters -----------------------------------------------------------------------
    def assign_topics(self) -> None:
        """Where each topic goes: a common chapter, or a sub-section of a channel chapter."""
        for topic in self.alignment.topics:
            docs_with = topic.document_ids
            canonical = TOPICS_BY_KEY.get(topic.canonical or "")
            if topic.id == "t-" + FRONT_MATTER:
                self._assign_front_matter(topic)
            elif canonical is not None and (canonical.common or len(docs_with) > 1):
                self.chapters[canonical.chapter].append(topic.id)
            elif len(docs_with) > 1:
                self.chapters["topic:" + topic.id].append(topic.id)
                self.chapter_titles["topic:" + topic.id] = plain_title(topic.title)
            else:
                doc_id = docs_with[0]
                channel = self.channel_of[doc_id]
                key = "ch-" + channel if channel != "other" else "doc-" + doc_id
                self.chapter_titles[key] = self.channel_titles.get(
                    channel, plain_title(self.docs_by_id[doc_id].title))
                self.channel_subsections[key].append(topic.id)
        if self.admin_clauses[DOCUMENT_CONTROL] and DOCUMENT_CONTROL not in self.chapters:
            self.chapters[DOCUMENT_CONTROL] = []

    def _assign_front_matter(self, topic) -> None:
        """Title pages and document control go to chapters of their own (placed in
        sections()); the rest of the front matter opens the Introduction."""
        sections_by_id = self.sections_by_id
        if any(self.clause_of_block.get(f"{sections_by_id[sid].document_id}/{b.id}")
               not in self.admin_ids for sid in topic.section_ids()
               for b in sections_by_id[sid].blocks if b.text.strip()):
            self.chapters["introduction"].insert(0, topic.id)
        if self.admin_clauses[TITLE_PAGE]:
            self.chapters[FRONT_MATTER].append(topic.id)
            self.chapter_titles[FRONT_MATTER] = "Front matter of the source policies"
        if self.admin_clauses[DOCUMENT_CONTROL] and not self.admin_clauses[TITLE_PAGE]:
            self.chapters[DOCUMENT_CONTROL].append(topic.id)

    def chapter_order(self) -> list[str]:
        """Returns the chapter keys in draft order: shared topics without a canonical chapter
        and the channel chapters after Personal use; the sources' front matter last."""
        order = [c for c in CHAPTER_ORDER if c != "channels"]
        position = order.index("personal-use") + 1
        channel_keys = sorted(
            self.channel_subsections,
            key=lambda k: (CHANNEL_ORDER.index(k[3:]) if k[3:] in CHANNEL_ORDER else 9, k),
        )
        shared_other = [k for k in self.chapters if k.startswith("topic:")]
        order[position:position] = shared_other + channel_keys
        if FRONT_MATTER in self.chapters:
            order.append(FRONT_MATTER)
        return order

    def sections(self) -> list[PlanSection]:
        """Returns the draft's chapters and sub-sections in order, recording the defaults that
        exclude the sources' front matter and document control."""
        sections: list[PlanSection] = []
        for key in self.chapter_order():
            if key in self.channel_subsections:
                sections.extend(self._channel_chapter(key))
            elif key in self.chapters:
                sections.extend(self._by_channel(self._chapter(key), key))
        return sections

    def _channel_chapter(self, key: str) -> list[PlanSection]:
        """Returns a chapter of one channel's (or one policy's) topics, a sub-section each; the
        first one's text opens the chapter when it bears the chapter's own title (Bluetooth's
        "Bluetooth" heading under its title: "3 Bluetooth", then "3.1 Bluetooth")."""
        chapter_id = "p-" + key
        title = self.chapter_titles[key]
        children = []
        for topic_id in self.channel_subsections[key]:
            topic = self.alignment.topic(topic_id)
            children.append(PlanSection(
                "p-" + topic_id, plain_title(topic.title) or title, 2, (topic_id,),
                self._topic_clauses([topic_id]), chapter_id, self._headings([topic_id]),
            ))
        chapter = PlanSection(chapter_id, title, 1, tuple(self.channel_subsections[key]), ())
        if children and _slug(children[0].title) == _slug(title):
            chapter = replace(chapter, clause_ids=children[0].clause_ids,
                              headings=children[0].headings)
            children = children[1:]
        return [chapter, *children]

    def _chapter(self, key: str) -> PlanSection:
        topic_ids = self.chapters[key]
        chapter_id = "p-" + (key[6:] if key.startswith("topic:") else key)
        if key == FRONT_MATTER:
            clause_ids = tuple(self.admin_clauses[TITLE_PAGE])
            self.defaults.append(Decision(DecisionKind.EXCLUDE, chapter_id, note=TITLE_PAGE_NOTE))
        else:
            # A policy's preamble opens the chapter (the Introduction), before shared clauses.
            preamble = [t for t in topic_ids if t == "t-" + FRONT_MATTER]
            whole = key in _WHOLE_CHAPTERS  # (a chapter split by channel parts the policies)
            clause_ids = self._topic_clauses(preamble, whole) + self._topic_clauses(
                [t for t in topic_ids if t not in preamble], whole)
            if key == DOCUMENT_CONTROL:
                clause_ids = tuple(self.admin_clauses[DOCUMENT_CONTROL]) + clause_ids
                self.defaults.append(Decision(DecisionKind.EXCLUDE, chapter_id,
                                              note=DOCUMENT_CONTROL_NOTE))
        return PlanSection(chapter_id, self.chapter_titles[key], 1, tuple(topic_ids), clause_ids,
                           "", self._headings(topic_ids))

    def _by_channel(self, chapter: PlanSection, key: str) -> list[PlanSection]:
        """Returns a chapter several policies share with the clauses one policy alone holds in
        a sub-section per channel (Email, Internet, ...), after the clauses the policies share:
        when at least two channels have two or more of their own. Chapters that are one
        statement (Introduction, Scope, Definitions, Roles, Breaches, Review, ...) stay whole."""
        if key in _WHOLE_CHAPTERS:
            return [chapter]
        groups: dict[str, list[str]] = defaultdict(list)  # slug of a channel title -> clauses
        titles: dict[str, str] = {}
        shared: list[str] = []
        for group in clause_groups([self.clauses[cid] for cid in chapter.clause_ids]):
            documents = [r.document_id for c in group for r in c.sources]
            owner = next((c.sources[0].document_id for c in group
                          if len({r.document_id for r in c.sources}) == 1), "") or next(
                (self.home_of[c.id].split("/", 1)[0] for c in group if c.id in self.home_of), "")
            if len(group) == 1 and len(set(documents)) != 1 or not owner:
                shared += [c.id for c in group]  # a list goes with its own policy's clauses
                continue
            title = self._channel_title(owner)
            titles.setdefault(_slug(title), title)
            groups[_slug(title)] += [c.id for c in group]
        if len(groups) < 2 or sum(len(g) >= 2 for g in groups.values()) < 2:
            return [chapter]
        order = [_slug(self.channel_titles[c]) for c in CHANNEL_ORDER
                 if c in self.channel_titles]
        slugs = sorted(groups, key=lambda g: (order.index(g) if g in order else len(order), g))
        children = [PlanSection(f"{chapter.id}--{slug}", titles[slug], 2, (), tuple(groups[slug]),
                                chapter.id, ()) for slug in slugs]
        return [replace(chapter, clause_ids=tuple(shared)), *children]

    def _channel_title(self, doc_id: str) -> str:
        channel = self.channel_of[doc_id]
        return self.channel_titles.get(channel) or plain_title(self.docs_by_id[doc_id].title)

    def _headings(self, topic_ids) -> tuple[SourceRef, ...]:
        out: list[SourceRef] = []
        for topic_id in topic_ids:
            for sid in self.alignment.topic(topic_id).section_ids():
                heading = self.sections_by_id[sid].heading
                document_id = self.sections_by_id[sid].document_id
                if heading is not None and f"{document_id}/{heading.id}" not in self.labels:
                    section = heading.origin.section if heading.origin else ""
                    out.append(SourceRef(self.sections_by_id[sid].document_id, heading.id,
                                         section))
        return tuple(out)

    def _topic_clauses(self, topic_ids, after_their_lists: bool = True) -> tuple[str, ...]:
        """Returns the clause ids a section holds: clauses shared by policies first (but lead-ins
        and list items, which keep their list's order, and what follows a list or sits under a
        label: "Note: the old address is no longer monitored" after a service desk's number),
        then the rest in document order; with `after_their_lists`, a clause its source puts
        after a list printed where another policy's copy of it is goes right after that copy
        (not in a chapter parted by channel: _by_channel). A clause already placed in an earlier
        section is not repeated.

        A source section's heading is kept as a label (an unnumbered heading) when the section
        is not its policy's first in the section (the section's title stands for that one: a
        chapter of several topics has one title, its first's), and
        after any label: its text would otherwise read as more of the label before it. A blank
        heading labels nothing: it prints no empty label."""
        shared: list[str] = []
        single: list[str] = []
        depths: dict[str, int] = {}  # section id -> the depth of its label (1: the topmost)
        opened: set[str] = set()  # documents whose first section of the section was read
        follows: dict[str, str] = {}  # clause id -> the list item it follows, printed elsewhere
        for topic_id in topic_ids:
            for sid in self.alignment.topic(topic_id).section_ids():
                section = self.sections_by_id[sid]
                if self._labelled(section, topic_id, topic_ids[0], bool(depths), opened):
                    depths[sid] = self._label_depth(sid, depths)
                    single.append(self._heading_clause(section, topic_id, depths[sid]))
                opened.add(section.document_id)
                follows |= self._place_blocks(section, shared, single)
        if after_their_lists:
            single = _after_their_lists(single, follows, self._is_list_item)
        return tuple(shared + single)

    def _is_list_item(self, clause_id: str) -> bool:
        clause = self.clauses.get(clause_id)
        return clause is not None and clause.kind is BlockKind.LIST_ITEM

    def _labelled(self, section, topic_id: str, first_topic_id: str, after_a_label: bool,
                  opened: set[str]) -> bool:
        """Returns True when a section's heading is printed as a label (see _topic_clauses)."""
        return _has_title(section) and (after_a_label or (
            (section.document_id in opened or topic_id != first_topic_id)
            and not self._is_topic_title(section, first_topic_id))
            or self._names_its_own_source(section, topic_id)
            or self._one_of_several_contacts(section, topic_id))

    def _place_blocks(self, section, shared: list[str], single: list[str]) -> dict[str, str]:
        """Adds the clauses of a section's blocks not placed yet to `shared` (said by several
        policies, printed first) or `single` (in order: a policy's own, a list and what
        follows a list). Returns {clause id: list item} for a clause whose source puts it after
        a list printed where another policy's copy of it is ("Note: the old address is no
        longer monitored" after a service desk's number)."""
        follows: dict[str, str] = {}
        after_list = False
        item_elsewhere = ""  # the list item just before, printed where another copy of it is
        opening = True  # no text of the section before: a shared clause opening it goes first
        for block in section.blocks:
            key = f"{section.document_id}/{block.id}"
            cid = self.clause_of_block.get(key)
            in_a_list = block.kind is BlockKind.LIST_ITEM or key in self.lead_ins or \
                block.text.rstrip().endswith(":")  # stays with its list, in order
            here = cid is not None and cid not in self.placed and \
                self.home_of.get(cid, key) == key
            if here:
                self.placed.add(cid)
                in_order = cid.startswith("c") or in_a_list or after_list or not opening
                (single if in_order else shared).append(cid)
                if item_elsewhere and not in_a_list:
                    follows[cid] = item_elsewhere  # (a paragraph after it follows it in turn)
            if cid is not None:
                item_elsewhere = cid if block.kind is BlockKind.LIST_ITEM and not here else (
                    cid if cid in follows and not in_a_list else "")
            after_list = after_list or in_a_list
            opening = opening and not block.text.strip()
        return follows

    def _names_its_own_source(self, section, topic_id: str) -> bool:
        """Returns True for a section of references or contacts whose heading says more than
        its topic's name: "Further reading from the NCSC" under Related policies (without it,
        the link under it reads as one more related policy), not "Feedback" or "Related
        policies and legislation"."""
        topic = TOPICS_BY_KEY.get(self.alignment.topic(topic_id).canonical or "")
        if topic is None or topic.key not in _LISTING_TOPICS:
            return False
        rest = " " + " ".join(words(section.heading.text)) + " "
        for synonym in sorted(topic.synonyms, key=len, reverse=True):
            rest = rest.replace(f" {synonym} ", " ")
        return any(w not in _JOINING for w in rest.split())

    def _one_of_several_contacts(self, section, topic_id: str) -> bool:
        """Returns True for a section of contacts headed other than most of its chapter's
        sections: "Other help" (where to send web access requests) among four policies'
        "Feedback", whose shared sentence is printed first; without its label, its contacts
        read as the feedback sentence's. (Lists of related documents read as one list.)"""
        topic = self.alignment.topic(topic_id)
        if topic.canonical != "contacts" or self._is_topic_title(section, topic_id):
            return False
        headings = Counter(_slug(self.sections_by_id[sid].heading.text)
                           for sid in topic.section_ids()
                           if self.sections_by_id[sid].heading is not None)
        return len(headings) > 1 and _slug(section.heading.text) != headings.most_common(1)[0][0]

    def _is_topic_title(self, section, topic_id: str) -> bool:
        """Returns True when a section's heading says what the draft's section title says: no
        label repeats the title just above it (unless a label came before: then the text
        under it needs its own)."""
        return _slug(section.heading.text) == _slug(self.alignment.topic(topic_id).title)

    def _label_depth(self, section_id: str, depths: dict[str, int]) -> int:
        """Returns the depth of a section's label: one below its nearest labelled ancestor in
        its source, else 1 (its source's order may differ from the draft's: the source's tree
        decides, not the label printed before it)."""
        parent = self.parent_of.get(section_id)
        while parent is not None:
            if parent in depths:
                return depths[parent] + 1
            parent = self.parent_of.get(parent)
        return 1

    def _heading_clause(self, section, topic_id: str, depth: int) -> str:
        """Returns the id of a clause printing a sub-section's heading ("Chain letters" inside
        "Other email problems"): an unnumbered heading in the draft's section, so the text under
        it keeps its label; its level is its depth among the section's labels (1: the topmost).
        Its heading is then no heading merged into the section's title."""
        heading = section.heading
        ref = ClauseRef(section.document_id, heading.id, None, " ".join(heading.text.split()),
                        topic_id, heading.origin.section if heading.origin else "")
        cid = clause_id_for_block(ref)
        self.clauses[cid] = PlanClause(cid, BlockKind.HEADING, (ref,), ref.text,
                                       level=depth, numbered=False)
        self.clause_of_block[ref.block_key] = cid
        self.placed.add(cid)
        self.labels.add(ref.block_key)
        return cid

    # --- defaults -----------------------------------------------------------------------
    def superseded_defaults(self) -> list[Decision]:
        """Returns the exclusions of list items and lines that only name a source policy:
        this policy supersedes it."""
        source_titles = {_title_words(d.title) for d in self.docs if _title_words(d.title)}
        longest = max((len(d.title) for d in self.docs), default=0) + 16
        return [Decision(DecisionKind.EXCLUDE, clause.id, note=SUPERSEDED_NOTE)
                for clause in self.clauses.values()
                if len(clause.text) <= longest and clause.id not in self.admin_ids
                and clause.kind is not BlockKind.TABLE
                and _title_words(clause.text) in source_titles]


# Chapters listing documents or contacts, whose sources' sections name where they come from.
_LISTING_TOPICS = frozenset({"related", "contacts"})

# Chapters that read as one statement: never split by channel.
_WHOLE_CHAPTERS = frozenset({"introduction", "scope", "definitions", "responsibilities",
                             "breaches", "review", "related", "contacts", DOCUMENT_CONTROL,
                             FRONT_MATTER})


def _has_title(section) -> bool:
    """Returns True for a section under a heading with words in it."""
    return section.heading is not None and bool(section.heading.text.strip())


def _after_their_lists(order: list[str], follows: dict[str, str],
                       is_item: Callable[[str], bool]) -> list[str]:
    """Returns the clause ids with each of `follows` after what it follows: after the whole
    printed list holding the item (never inside it: the list may be in another order), and
    after those placed there before it; a paragraph following such a one, right after it."""
    order = list(order)
    moved: set[str] = set()
    for cid, before in follows.items():
        if before not in order or cid not in order:
            continue
        order.remove(cid)
        at = order.index(before) + 1
        while at < len(order) and (is_item(before) and is_item(order[at]) or order[at] in moved):
            at += 1
        order.insert(at, cid)
        moved.add(cid)
    return order


def _slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-") or "other"


_POLICY_WORDS = re.compile(r"\s*\b(?:policy|policies|guidance|guidelines?|standard|procedure)\b",
                           re.IGNORECASE)
_JOINING = frozenset({"and", "or", "of", "for", "the", "a", "an", "to", "&"})
_TYPED_NUMBER = re.compile(r"^(?:\(?\d+(?:\.\d+)*[.)]?\s+)+")


def _title_words(text: str) -> tuple[str, ...]:
    """Returns a title's words without the word saying what kind of document it is:
    "Email Security Guide" and "Email security" name the same policy."""
    return tuple(w for w in words(text) if w not in _DOCUMENT_KINDS)


_DOCUMENT_KINDS = frozenset({"policy", "guidance", "guide", "guidelines", "standard",
                             "procedure"})


def plain_title(title: str) -> str:
    """Returns a heading for the Digital Policy: no number typed into it ("5.2 5. Provision"),
    no word naming the kind of document it came from ("IT Acceptable Use Policy" is "IT
    Acceptable Use"), which the Digital Policy supersedes."""
    title = _TYPED_NUMBER.sub("", " ".join(title.split()))
    plain = " ".join(_POLICY_WORDS.sub(" ", title).split()).strip(" -\u2013:")
    words = plain.lower().split()
    if not words or words[0] in _JOINING or words[-1] in _JOINING:
        return title  # "Policy and guidance" is a title of its own, not "and"
    return plain[:1].upper() + plain[1:]


def _mergeable(cluster: Cluster, lead_ins: frozenset[str]) -> bool:
    """Returns True when a cluster can stand as one clause: channel-parallel ones (one wording
    lists every channel), and identical or near-identical ones whose members say the same in
    the same order (combine.same_content): a variant with other words ("passwords" / "email
    passwords", "acceptable" / "unacceptable") or another order ("from Council accounts to
    personal" / "from personal accounts to Council") stays, for the author to see. A lead-in
    ("You must not:") never merges: its list would follow only one of them."""
    if _leads_a_list(cluster, lead_ins) or _narrowing(cluster):
        return False
    return cluster.kind is ClusterKind.CHANNEL_PARALLEL or _says_the_same(cluster) or \
        _fuller(cluster) is not None


def _leads_a_list(cluster: Cluster, lead_ins: frozenset[str]) -> bool:
    """Returns True when a member introduces a list or table (units.list_lead_ins)."""
    return any(m.text.rstrip().endswith(":") or m.whole and m.block_key in lead_ins
               for m in cluster.members)


def _says_the_same(cluster: Cluster) -> bool:
    """Returns True when the members differ only in words that carry no rule (linking words, a
    name spelled out beside its initials): one clause, with a note for the author to confirm."""
    return same_content([m.text for m in cluster.members])


def _narrowing(cluster: Cluster) -> bool:
    """Returns True when one member's scope is narrowed ("staff who manage official accounts")
    and another's is not: keeping one wording would change who the policy applies to."""
    return len({stance(m.text).audience for m in cluster.members}) > 1


def _fuller(cluster: Cluster) -> tuple[str, tuple[str, ...]] | None:
    """Returns (the fullest wording, the words only it has) of a near-identical cluster whose
    members say the same but for words the fullest adds (combine.fuller_wording)."""
    if cluster.kind is not ClusterKind.NEAR_IDENTICAL:
        return None
    return fuller_wording([m.text for m in cluster.members])  # None when they say the same


def _ordered_members(cluster: Cluster, text: str) -> tuple[ClauseRef, ...]:
    """Returns the members with the variant whose wording (`text`) the draft keeps first."""
    members = list(cluster.members)
    if cluster.kind is ClusterKind.NEAR_IDENTICAL:
        chosen = next((m for m in members if m.text == text), members[0])
        members.remove(chosen)
        members.insert(0, chosen)
    return tuple(members)


def _numbered(label: str) -> bool:
    return any(ch.isalnum() for ch in label)


def _clause_order(sections: list[PlanSection], clauses: dict[str, PlanClause]) -> list[str]:
    ordered = [cid for s in sections for cid in s.clause_ids]
    seen = set(ordered)
    return ordered + [cid for cid in clauses if cid not in seen]
