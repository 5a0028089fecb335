"""Lists merge whole or not at all.

A list's items mean something under their lead-in, a sentence ending in a colon: "Some
examples include:" followed by three Acts. Merging one item with the same item of another
policy's list moves it to that list, and leaves its own lead-in with fewer items than its
policy gave ("Some examples include:" and only "the Public Records Acts"), or with none. So a
list merges with another only when the two say the same as a whole (the lead-in and every
item, in order: combine.content_key): lead-in with lead-in, item with item. The items of every
other list merge with nothing, but for lists of rules each complete in itself ("Staff must not
use email to ...") and lists of references (under Related policies: "Data Protection Policy",
"Equality Act 2010"), each item of which stands alone: one list of the documents every policy
names is what is wanted.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from consolidator.consolidation.combine import content_key, fuller_wording
from consolidator.consolidation.units import clause_text
from consolidator.consolidation.wording import stated_modality
from consolidator.model import Block, BlockKind, Section


@dataclass(frozen=True)
class SourceList:
    """A lead-in and the list items right after it, as block keys ("document/block")."""

    section: Section
    lead: str
    items: tuple[str, ...]
    says: tuple[str, ...]  # the content of the lead-in and of each item, in order
    lead_text: str
    followed_on: bool = False  # the paragraph after it draws on it ("Therefore, ...")
    lead_level: int = 0  # the lead-in's list level (a lead-in inside a list is an item)

    def keys(self) -> tuple[str, ...]:
        return (self.lead, *self.items)


def source_lists(sections: Sequence[Section], lead_ins: frozenset[str],
                 references: Collection[str] = ()) -> list[SourceList]:
    """Returns every lead-in ending in a colon followed by list items, with its items (and what
    they say, at their levels), but for those of the sections in `references` (ids of sections
    listing documents) and lists whose every item is a rule of its own ("Staff must not use
    email to ..."): such items stand without their lead-in."""
    out = []
    for section in sections:
        if section.id in references:
            continue
        blocks = [b for b in section.blocks if b.text.strip() or b.table is not None]
        for n, block in enumerate(blocks):
            if f"{section.document_id}/{block.id}" not in lead_ins or not (
                    block.text.rstrip().endswith(":") or _bold_label(block)):
                continue  # (a paragraph followed by rules of their own binds none of them)
            items = []
            for following in blocks[n + 1:]:
                if following.kind is not BlockKind.LIST_ITEM:
                    break
                items.append(following)
            if items and not all(map(_complete_rule, items)):
                after = blocks[n + 1 + len(items)] if n + 1 + len(items) < len(blocks) else None
                out.append(SourceList(
                    section, f"{section.document_id}/{block.id}",
                    tuple(f"{section.document_id}/{b.id}" for b in items),
                    tuple(f"{b.level}:{content_key(clause_text(b))}"
                          for b in (block, *items)), clause_text(block),
                    after is not None and bool(_GOES_ON_FROM.match(clause_text(after))),
                    block.level))
    return out


_LABEL_WORDS = 12  # a bold line longer than this is a statement, not a list's label


def _bold_label(block: Block) -> bool:
    """Returns True for a short bold line naming what the list under it is ("Dom1/Quantum -
    Technology Service Desk" over its telephone number): a lead-in without a colon."""
    text = " ".join(block.text.split())
    return block.kind is BlockKind.PARAGRAPH and 0 < len(text.split()) <= _LABEL_WORDS and \
        not text.endswith((".", "!", "?")) and all(r.bold for r in block.runs if r.text.strip())


# A paragraph that draws on what came before it: "Therefore, always store NHS information in
# NHS systems" after the list of reasons. Merged into another policy's copy printed elsewhere,
# the list would leave it with nothing to follow from: the merged list is printed by it.
_GOES_ON_FROM = re.compile(r"^\s*(?:therefore|thus|hence|so,|as a result|for this reason|"
                           r"because of this|this means|that is why|for these reasons)\b",
                           re.IGNORECASE)


def whole_lists(lists: Sequence[SourceList], at_odds: Collection[frozenset[str]] = ()
                ) -> tuple[list[list[SourceList]], frozenset[str]]:
    """Returns (groups of lists of different policies that say the same as a whole, one list
    of each policy; the keys of the items of every other list: they merge with nothing). Lists
    with the same items whose lead-ins differ only by words one of them adds ("appropriate
    official corporate systems" / "appropriate corporate systems": combine.fuller_wording)
    say the same as a whole too, unless a conflict (`at_odds`: pairs of block keys) is
    between them."""
    alike: dict[tuple[str, ...], list[SourceList]] = defaultdict(list)
    for source_list in lists:
        alike[source_list.says[1:]].append(source_list)
    groups, alone = [], set()
    for same in (group for items in alike.values() for group in _by_lead_in(items, at_odds)
                 for group in _drawn_on_first(group)):
        first_of_each, policies = [], set()
        for source_list in same:
            if source_list.section.document_id not in policies:
                policies.add(source_list.section.document_id)
                first_of_each.append(source_list)
        if len(first_of_each) > 1:
            groups.append(first_of_each)
        alone.update(key for s in same if s not in first_of_each or len(first_of_each) < 2
                     for key in s.items)
    return groups, frozenset(alone)


def _drawn_on_first(lists: list[SourceList]) -> list[list[SourceList]]:
    """Returns the lists that say the same as groups whose first is where the merged list is
    printed: the one a paragraph draws on ("Therefore, ..."), so that the paragraph keeps what it
    follows from; two such lists stay apart (each by its paragraph)."""
    drawn_on = [s for s in lists if s.followed_on]
    if len(drawn_on) > 1:
        rest = [s for s in lists if not s.followed_on]
        return [[s] for s in drawn_on[1:]] + [[drawn_on[0], *rest]]
    return [sorted(lists, key=lambda s: not s.followed_on)]


def _by_lead_in(lists: list[SourceList], at_odds: Collection[frozenset[str]]
                ) -> list[list[SourceList]]:
    """Returns the lists (with the same items) grouped by lead-in: the same lead-in, or one
    holding every word of the others and in conflict with none of them."""
    groups: list[list[SourceList]] = []
    for source_list in lists:
        for group in groups:
            if group[0].says[0] == source_list.says[0] or (
                    group[0].lead_level == source_list.lead_level
                    and not any(frozenset((g.lead, source_list.lead)) in at_odds for g in group)
                    and fuller_wording([g.lead_text for g in group] + [source_list.lead_text])):
                group.append(source_list)
                break
        else:
            groups.append([source_list])
    return groups


def _complete_rule(item: Block) -> bool:
    """Returns True for a list item that is a rule of its own, whole without its lead-in: a
    sentence with a capital, a full stop and a modal ("Staff must not use email to ..."), not
    a phrase that a modal only qualifies ("material that may offend others")."""
    text = clause_text(item).strip()
    return (text[:1].isupper() and text.endswith((".", "!", "?"))
            and stated_modality(text) is not None)
