"""align_sections(): group the sections of N policies by topic, honouring the author's pins."""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import Enum
from functools import cached_property

from rapidfuzz import fuzz

from consolidator.consolidation.frontmatter import admin_blocks, leading_admin
from consolidator.consolidation.topics import (
    CANONICAL_TOPICS,
    TOPICS_BY_KEY,
    canonical_topic,
    content_words,
    mask_channels,
    only_contact_details,
)
from consolidator.model import BlockKind, Section, SourceDocument
from consolidator.progress import CancelCheck, Progress, check_cancel, report
from consolidator.sections import iter_sections, section_id

HEADING_MATCH = 85.0  # token_sort_ratio of two headings that name the same topic
HEADING_HINT = 55.0  # weaker heading likeness that content similarity can confirm
CONTENT_MATCH = 0.5  # Jaccard of content words (channels masked) confirming a weak heading match
FRONT_MATTER = "front-matter"  # topic key of the text before a policy's first heading


class PinKind(str, Enum):
    FORCE = "force"  # these sections belong to one topic (the first section's)
    BREAK = "break"  # these sections must not share a topic (all but the first leave it)


@dataclass(frozen=True)
class Pin:
    """The author's alignment override, by section ids; later pins win over earlier ones."""

    kind: PinKind
    section_ids: tuple[str, ...]


@dataclass(frozen=True)
class TopicMember:
    """The sections of one document that deal with a topic, in document order."""

    document_id: str
    section_ids: tuple[str, ...]


@dataclass(frozen=True)
class Topic:
    """One topic across documents. `canonical` is a topics.CANONICAL_TOPICS key, or None."""

    id: str  # "t-<canonical key>", or "t-<smallest member section id>"
    title: str
    canonical: str | None
    members: tuple[TopicMember, ...]  # one per document that has the topic, in document order

    @property
    def document_ids(self) -> tuple[str, ...]:
        return tuple(m.document_id for m in self.members)

    def section_ids(self, document_id: str | None = None) -> tuple[str, ...]:
        """Returns the member section ids of one document (or of all, in document order)."""
        return tuple(
            sid for m in self.members
            if document_id is None or m.document_id == document_id
            for sid in m.section_ids
        )


@dataclass(frozen=True)
class Alignment:
    """Topics x documents. Every section of every document is in exactly one topic."""

    document_ids: tuple[str, ...]
    topics: tuple[Topic, ...]
    sections: tuple[Section, ...]  # every section of every document, depth first; a section's
    # own content is its heading and `blocks` (its children are sections of their own)
    pins: tuple[Pin, ...] = ()
    ignored_pins: tuple[Pin, ...] = ()  # pins naming sections that no longer exist

    def topic(self, topic_id: str) -> Topic:
        for topic in self.topics:
            if topic.id == topic_id:
                return topic
        raise KeyError(topic_id)

    def topic_of_section(self) -> dict[str, str]:
        """Returns section id -> topic id."""
        return {sid: t.id for t in self.topics for sid in t.section_ids()}

    def section(self, section_id: str) -> Section:
        for section in self.sections:
            if section.id == section_id:
                return section
        raise KeyError(section_id)

    @cached_property
    def admin_blocks(self) -> dict[str, str]:
        """Returns block key -> kind for the sources' title pages and document control
        (frontmatter.admin_blocks): metadata, never rules."""
        return admin_blocks(self.sections)


def align_sections(
    docs: Sequence[SourceDocument],
    pins: Sequence[Pin] = (),
    *,
    progress: Progress | None = None,
    cancel: CancelCheck | None = None,
) -> Alignment:
    """Returns the documents' sections grouped into topics.

    A heading naming a canonical topic (by the synonym table) joins that topic; a subsection
    naming none stays with its parent's topic, unless that topic is a statement about the
    policy (an Overview's "Quick checklist" is content, not introduction); other top sections
    join across documents when their headings are alike, or loosely alike with similar content.
    Pins are applied last.
    """
    report(progress, 0.0, "Aligning sections by topic")
    all_sections: list[Section] = []
    group_of: dict[str, str] = {}  # section id -> group key
    free: list[Section] = []  # sections with no canonical topic and no parent topic
    doc_index: dict[str, int] = {}
    for d, doc in enumerate(docs):
        doc_index[doc.id] = d
        check_cancel(cancel)
        parent_group: dict[int, str] = {}
        previous: dict[int, str] = {}  # level -> the section before at that level, same parent
        sections = outline(doc)
        in_a_sequence = _steps_of_sequences(sections)
        for section in sections:
            all_sections.append(section)
            key = FRONT_MATTER if section.level == 0 else canonical_topic(section.title)
            before = previous.get(section.level)
            if key == "introduction" and before and _CONCLUDES.match(section.title) and \
                    group_of[before] not in _NOT_CONCLUDED:
                key = group_of[before]  # "Summary" after "Why OITs are a risk": its conclusion
            if section.level and only_contact_details([b.text for b in section.blocks]):
                key = "contacts"  # whatever its heading says
            elif section.id in in_a_sequence and (inherited := _parent_group(
                    parent_group, section.level)) not in (None, *_STATEMENT_TOPICS):
                key = inherited  # one step of its parent's, not a topic of its own
            if key is not None:
                group_of[section.id] = key
            else:
                inherited = _parent_group(parent_group, section.level)
                if inherited is not None and inherited not in _STATEMENT_TOPICS:
                    group_of[section.id] = inherited
                else:
                    free.append(section)
                    group_of[section.id] = "s:" + section.id
            parent_group[section.level] = group_of[section.id]
            previous[section.level] = section.id
            for deeper in [lvl for lvl in parent_group if lvl > section.level]:
                del parent_group[deeper]
            for deeper in [lvl for lvl in previous if lvl > section.level]:
                del previous[deeper]
        report(progress, 0.3 * (d + 1) / max(1, len(docs)), f"Read the outline of {doc.name}")

    _join_free_sections(free, group_of, cancel)
    report(progress, 0.8, "Applying pins")
    known = {s.id for s in all_sections}
    applied: list[Pin] = []
    ignored: list[Pin] = []
    for pin in pins:
        if not pin.section_ids or any(sid not in known for sid in pin.section_ids):
            ignored.append(pin)
            continue
        applied.append(pin)
        _apply_pin(pin, group_of)

    topics = _build_topics(all_sections, group_of, doc_index)
    report(progress, 1.0, f"{len(topics)} topics")
    return Alignment(
        document_ids=tuple(doc.id for doc in docs),
        topics=topics,
        sections=tuple(all_sections),
        pins=tuple(applied),
        ignored_pins=tuple(ignored),
    )


def outline(doc: SourceDocument) -> list[Section]:
    """Returns the document's sections, depth first. A heading that only repeats the policy's
    title ("# IT Acceptable Use Policy" over everything) is its title line, not a section; a
    policy without headings has one section of its own, named after its title, after its title
    lines and document control."""
    sections = iter_sections(_title_heading_as_title(doc))
    if any(s.heading is not None for s in sections) or not sections:
        return sections
    (preamble,) = sections
    split = leading_admin(preamble.blocks)
    body = preamble.blocks[split:]
    if not body:
        return sections
    own = Section(id=section_id(doc.id, None, 1), document_id=doc.id, number="",
                  title=" ".join(doc.title.split()), level=1, heading=None, blocks=body)
    return [replace(preamble, blocks=preamble.blocks[:split]), own] if split else [own]


def _title_heading_as_title(doc: SourceDocument) -> SourceDocument:
    """Returns the document with its title heading (the first block but for lines printing the
    title already, a heading with the document's title, the only one of its level) read as a
    Title paragraph. A Word or PDF policy often prints its title twice, as a Title line and as
    the one top heading over all its sections ("Laptops" / "Laptops" / "Storing data ...")."""
    title = " ".join(doc.title.split()).lower()
    first = next((i for i, b in enumerate(doc.blocks) if b.text.strip() and not (
        b.kind is not BlockKind.HEADING and " ".join(b.text.split()).lower() == title)), None)
    if first is None or doc.blocks[first].kind is not BlockKind.HEADING:
        return doc
    heading = doc.blocks[first]
    same_level = [b for b in doc.blocks if b.kind is BlockKind.HEADING and b.level <= heading.level]
    if len(same_level) != 1 or " ".join(heading.text.split()).lower() != title:
        return doc
    origin = replace(heading.origin, section="") if heading.origin else None  # in no section
    title = replace(heading, kind=BlockKind.PARAGRAPH, style="Title", level=0, label="",
                    origin=origin)
    return replace(doc, blocks=doc.blocks[:first] + (title,) + doc.blocks[first + 1:])


# Topics that are statements about the policy: a subsection under one of them is content of
# its own, not more of the statement.
_STATEMENT_TOPICS = frozenset({"introduction", "scope", "definitions", "review", "related",
                               "contacts"})


def _steps_of_sequences(sections: Sequence[Section]) -> frozenset[str]:
    """Returns the ids of sub-sections that are steps of their parent: "Steps we can all take
    to protect ourselves" has eight, two of whose headings name a topic ("Ensure our passwords
    are secure", "Check your privacy settings"); taken to Security and Data protection, they
    left the steps with gaps. A parent's sub-sections are steps when its heading says so
    ("Steps ...", "How to ...", "What to do ...") and most of their headings are instructions
    ("Enable Two Factor Authentication"), not subjects ("Use of personal devices", "Retention
    of email", which join the other policies' rules on them); only the instructions are held
    back."""
    out: set[str] = set()
    for section in sections:
        if not _SEQUENCE.search(section.title) or len(section.children) < 3:
            continue
        steps = [c.id for c in section.children if _INSTRUCTION.match(c.title)]
        if 2 * len(steps) > len(section.children):
            out.update(steps)
    return frozenset(out)


# A heading introducing steps to take.
_SEQUENCE = re.compile(r"\b(?:steps?|how to|what to do|things (?:to|you)|tips|checklist|"
                       r"ways to|do'?s and don'?ts)\b", re.IGNORECASE)


# A heading that tells the reader what to do: an instruction, one step of a sequence.
_INSTRUCTION = re.compile(
    r"^(?:always |never |only |do not |don't )?(?:ensure|check|enable|disable|use|remove|limit|"
    r"keep|make|report|avoid|lock|protect|turn|set|update|choose|follow|remember|feel|walk|ask|"
    r"tell|contact|get|take|stop|delete|review|install|create|change|log|think|be|secure|"
    r"consider|read|click|share|store|back up|encrypt|verify|block|respond|do)\b\S*"
    r"\s+(?!of\b)\S+",  # not "Use of ...": a subject
    re.IGNORECASE)


# A heading that sums up what came before it when it follows sections at its level (opening
# them, "Summary" is an introduction), unless what came before is about the document (a
# "Summary" after "Document control" or "Contacts" opens the policy's text).
_CONCLUDES = re.compile(r"^\s*(?:summary|in summary|conclusions?)\s*$", re.IGNORECASE)
_NOT_CONCLUDED = _STATEMENT_TOPICS | {FRONT_MATTER, "document-control", "breaches",
                                      "responsibilities", "training"}


def _parent_group(parent_group: dict[int, str], level: int) -> str | None:
    shallower = [lvl for lvl in parent_group if 0 < lvl < level]
    return parent_group[max(shallower)] if shallower else None


def _section_words(section: Section) -> frozenset[str]:
    text = " ".join(b.text for b in section.blocks)
    return frozenset(content_words(mask_channels(text)))


def _join_free_sections(
    free: list[Section], group_of: dict[str, str], cancel: CancelCheck | None
) -> None:
    """Joins free sections of different documents whose headings (and content) say they match."""
    by_word: dict[str, list[int]] = defaultdict(list)
    for i, section in enumerate(free):
        for word in set(content_words(section.title)):
            by_word[word].append(i)
    candidates: set[tuple[int, int]] = set()
    for members in by_word.values():
        if len(members) > 200:  # a word in every heading says nothing
            continue
        for a in range(len(members)):
            for b in range(a + 1, len(members)):
                i, j = members[a], members[b]
                if free[i].document_id != free[j].document_id:
                    candidates.add((i, j))
    word_cache: dict[int, frozenset[str]] = {}
    parent = list(range(len(free)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for n, (i, j) in enumerate(sorted(candidates)):
        if n % 500 == 0:
            check_cancel(cancel)
        score = fuzz.token_sort_ratio(free[i].title.lower(), free[j].title.lower())
        if score < HEADING_MATCH:
            if score < HEADING_HINT:
                continue
            wi = word_cache.setdefault(i, _section_words(free[i]))
            wj = word_cache.setdefault(j, _section_words(free[j]))
            if not wi or not wj or len(wi & wj) / len(wi | wj) < CONTENT_MATCH:
                continue
        parent[find(j)] = find(i)
    for i, section in enumerate(free):
        root = free[find(i)]
        group_of[section.id] = "s:" + root.id


def _apply_pin(pin: Pin, group_of: dict[str, str]) -> None:
    first = pin.section_ids[0]
    if pin.kind is PinKind.FORCE:
        for sid in pin.section_ids[1:]:
            group_of[sid] = group_of[first]
        return
    if len(pin.section_ids) == 1:
        group_of[first] = "s:" + first + ":own"
        return
    seen = {group_of[first]}
    for sid in pin.section_ids[1:]:
        if group_of[sid] in seen:
            group_of[sid] = "s:" + sid + ":own"
        seen.add(group_of[sid])


def _build_topics(
    sections: list[Section], group_of: dict[str, str], doc_index: dict[str, int]
) -> tuple[Topic, ...]:
    groups: dict[str, list[Section]] = defaultdict(list)
    position = {section.id: i for i, section in enumerate(sections)}
    for section in sections:  # documents in order, sections in document order
        groups[group_of[section.id]].append(section)
    canonical_rank = {t.key: i for i, t in enumerate(CANONICAL_TOPICS)}
    topics: list[tuple[tuple, Topic]] = []
    for key, members in groups.items():
        canonical = key if key in TOPICS_BY_KEY else None
        by_doc: dict[str, list[str]] = defaultdict(list)
        for section in members:
            by_doc[section.document_id].append(section.id)
        member_values = tuple(
            TopicMember(doc_id, tuple(ids))
            for doc_id, ids in sorted(by_doc.items(), key=lambda kv: doc_index[kv[0]])
        )
        if canonical is not None:
            topic_id = "t-" + canonical
            title = TOPICS_BY_KEY[canonical].title
            order: tuple = (0, canonical_rank[canonical], 0, 0)
        elif key == FRONT_MATTER:
            topic_id, title, order = "t-" + FRONT_MATTER, "Front matter", (-1, 0, 0, 0)
        else:
            topic_id = "t-" + min(s.id for s in members)
            titled = [s.title for s in members if s.title]
            title = Counter(titled).most_common(1)[0][0] if titled else "Untitled"
            first = members[0]
            order = (1, doc_index[first.document_id], position[first.id], 0)
        topics.append((order, Topic(topic_id, title, canonical, member_values)))
    topics.sort(key=lambda pair: pair[0])
    return tuple(topic for _, topic in topics)


def topic_fingerprint(alignment: Alignment) -> str:
    """Returns a short hash of the topic assignment: equal alignments give equal fingerprints."""
    text = "|".join(f"{t.id}:{','.join(t.section_ids())}" for t in alignment.topics)
    return hashlib.sha1(text.encode()).hexdigest()[:12]
