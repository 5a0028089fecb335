"""Planted conflicts: real policy sentences changed by a script and planted into other policies.

Each case takes a sentence from a real policy, changes one thing a rule commits to (its modality,
a period, a figure, the role or reporting route, a sanction's strength, a deadline made vague, a
negation), and plants the changed sentence as a paragraph of another real policy: under a heading
like the original's ("matching"), under an unrelated heading ("other"), before the first heading
("front") or into a copy of the policy with its headings removed ("unheaded").

The generator has its own small vocabulary of what to change: it does not ask the detector what
a modal verb, a figure or a role is, so the detector is measured, not echoed.
"""

from __future__ import annotations

import hashlib
import random
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from consolidator.consolidation.units import split_sentences
from consolidator.model import Block, BlockKind, Run, SourceDocument, finish_blocks
from consolidator.readers import read_document

KINDS = ("modality", "period", "number", "role", "route", "sanction", "vague-deadline",
         "negation")
PLACEMENTS = ("matching", "other", "front", "unheaded")

_MODAL_FLIPS: tuple[tuple[str, str], ...] = (
    ("must not", "must"), ("mustn't", "must"), ("should not", "should"), ("may not", "may"),
    ("cannot", "can"), ("must", "must not"),
    ("should", "should not"), ("may", "must not"), ("are not allowed", "are allowed"),
    ("is not allowed", "is allowed"), ("are allowed", "are not allowed"),
    ("is allowed", "is not allowed"), ("is prohibited", "is permitted"), ("never", "always"),
)
_PERIOD_WORDS = {
    "immediately": "within 48 hours", "annually": "every two years", "daily": "weekly",
    "weekly": "monthly", "monthly": "every three months", "quarterly": "annually",
    "every year": "every three years", "once a month": "once a year",
}
_VAGUE_FROM = ("immediately", "straight away", "at once")
_UNITS = r"(?:minutes?|hours?|(?:working )?days?|weeks?|months?|years?)"
_PERIOD = re.compile(r"\b(\d+|one|two|three|four|five|six|seven|ten|twelve|thirty)\s+" + _UNITS
                     + r"\b", re.IGNORECASE)
_COUNT = re.compile(r"\b(\d+)\s+(?:characters?|attempts?|digits?|people|emails?|recipients?|"
                    r"devices?|accounts?|MB|GB|per ?cent|%|times|users)\b", re.IGNORECASE)
_WORD_NUMBERS = {"one": "three", "two": "five", "three": "six", "four": "eight", "five": "ten",
                 "six": "twelve", "seven": "fourteen", "ten": "twenty", "twelve": "eighteen",
                 "thirty": "ninety"}
_ROLES = (
    "line manager", "Line Manager", "Operational Security Team", "Service Desk",
    "Technology Service Desk", "security team", "Cyber Security team", "Data Protection Officer",
    "Information Governance Manager", "Senior Information Risk Owner", "Head of Security",
    "your manager", "IT Service Desk", "Privacy team", "Information Security team",
)
_REPLACEMENT_ROLES = ("Information Governance Manager", "Data Protection Officer",
                      "Operational Security Team", "Technology Service Desk", "line manager")
_REPORT = re.compile(r"\b(?:report|contact|tell|inform|notify|raise)\b", re.IGNORECASE)
_SANCTION_FLIPS = (("may result in", "will result in"), ("could result in", "will result in"),
                   ("may lead to", "will lead to"), ("might lead to", "will lead to"),
                   ("will result in", "may result in"), ("will lead to", "may lead to"),
                   ("may be subject to", "will be subject to"))
_SANCTION_CONTEXT = re.compile(r"\b(?:disciplinary|dismissal|misconduct|prosecution|sanction|"
                               r"breach|failure to (?:comply|adhere))", re.IGNORECASE)
_STATE = re.compile(r"\b(is|are)\b(?! not\b)(?! only\b)")
_NEGATIVE = re.compile(r"\b(?:not|no|never|n't)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Mutation:
    kind: str
    original: str
    changed: str


@dataclass(frozen=True)
class Case:
    """One planted conflict: the original policy, the host with the changed sentence planted."""

    mutation: Mutation
    placement: str
    original_doc: SourceDocument
    original_block: str  # block id holding the original sentence
    host_doc: SourceDocument
    planted_block: str  # block id of the planted paragraph


def mutate(sentence: str, kind: str, rng: random.Random) -> Mutation | None:
    """Returns the sentence with one `kind` of change, or None when it has nothing to change."""
    changed = _CHANGES[kind](sentence, rng)
    if changed is None or changed == sentence:
        return None
    return Mutation(kind, sentence, changed)


def _replace_first(text: str, old: str, new: str) -> str | None:
    m = re.search(r"\b" + re.escape(old) + r"\b", text, re.IGNORECASE)
    if m is None:
        return None
    found = m.group(0)
    if found.isupper():
        new = new.upper()
    elif found[:1].isupper():
        new = new[:1].upper() + new[1:]
    return text[: m.start()] + new + text[m.end():]


def _modality(text: str, rng: random.Random) -> str | None:
    m = _IMPERATIVE.match(text)
    if m:  # "Do not click ..." -> "Always click ...", "Never share" -> "Always share"
        return "Always " + text[m.end():]
    for old, new in _MODAL_FLIPS:
        changed = _replace_first(text, old, new)
        if changed is not None:
            return None if _DOUBLE_NEGATIVE.search(changed) else changed
    return None


_IMPERATIVE = re.compile(r"(?:please\s+)?(?:do not|don't|don\u2019t|never)\s+", re.IGNORECASE)
_DOUBLE_NEGATIVE = re.compile(r"\b(?:no|not|never|nothing)\b[^,.;]*\bnot\b|\bnot\s+never\b",
                              re.IGNORECASE)


def _period(text: str, rng: random.Random) -> str | None:
    m = _PERIOD.search(text)
    if m:
        raw = m.group(1)
        new = _WORD_NUMBERS.get(raw.lower()) or str(int(raw) * 2 if int(raw) < 60 else
                                                    int(raw) // 2 + 1)
        return text[: m.start(1)] + new + text[m.end(1):]
    for old, new in _PERIOD_WORDS.items():
        changed = _replace_first(text, old, new)
        if changed is not None:
            return changed
    return None


def _number(text: str, rng: random.Random) -> str | None:
    m = _COUNT.search(text)
    if m is None or re.search(r"[A-Z]\w*\s+$", text[: m.start()]):
        return None  # "Office 365 account" names a product
    value = int(m.group(1))
    return text[: m.start(1)] + str(value * 2 if value < 1000 else value // 2) + text[m.end(1):]


def _role(text: str, rng: random.Random, reporting: bool = False) -> str | None:
    if bool(_REPORT.search(text)) != reporting:
        return None
    for role in _ROLES:
        if re.search(r"\b" + re.escape(role) + r"\b", text):
            others = [r for r in _REPLACEMENT_ROLES if r.lower() not in text.lower()]
            return _replace_first(text, role, rng.choice(others))
    return None


def _route(text: str, rng: random.Random) -> str | None:
    return _role(text, rng, reporting=True)


def _sanction(text: str, rng: random.Random) -> str | None:
    if not _SANCTION_CONTEXT.search(text):
        return None
    for old, new in _SANCTION_FLIPS:
        changed = _replace_first(text, old, new)
        if changed is not None:
            return changed
    return None


def _vague(text: str, rng: random.Random) -> str | None:
    for old in _VAGUE_FROM:
        changed = _replace_first(text, old, "promptly")
        if changed is not None:
            return changed
    m = re.search(r"\bwithin\s+" + _PERIOD.pattern, text, re.IGNORECASE)
    if m:
        return text[: m.start()] + "promptly" + text[m.end():]
    return None


def _negation(text: str, rng: random.Random) -> str | None:
    if _NEGATIVE.search(text) or re.search(r"\b(?:must|should|may|can|will)\b", text, re.I):
        return None
    m = _STATE.search(text)
    return text[: m.end()] + " not" + text[m.end():] if m else None


_CHANGES = {
    "modality": _modality, "period": _period, "number": _number, "role": _role,
    "route": _route, "sanction": _sanction, "vague-deadline": _vague, "negation": _negation,
}


# --- Real policies and where a sentence is planted ------------------------------------------


def load_policies(folder: Path) -> list[SourceDocument]:
    """Returns the Markdown policies under `folder` (recursively), read by the app's reader."""
    return [read_document(p) for p in sorted(folder.rglob("*.md"))]


def rule_sentences(doc: SourceDocument) -> Iterator[tuple[Block, str, str]]:
    """Yields (block, heading above it, sentence) for every sentence of the policy's paragraphs
    and list items with between 6 and 60 words."""
    heading = ""
    for block in doc.blocks:
        if block.kind is BlockKind.HEADING:
            heading = block.text
            continue
        if block.kind is BlockKind.TABLE:
            continue
        for sentence in split_sentences(" ".join(block.text.split())):
            if 6 <= len(sentence.split()) <= 60:
                yield block, heading, sentence


def plant(mutation: Mutation, placement: str, original: SourceDocument, block: Block,
          heading: str, host: SourceDocument, rng: random.Random) -> Case:
    """Returns the case with the changed sentence planted in a copy of `host`."""
    blocks = list(host.blocks)
    at = _position(blocks, placement, heading, rng)
    if placement == "unheaded":
        blocks = [b for b in blocks if b.kind is not BlockKind.HEADING]
        at = rng.randrange(len(blocks) + 1)
    planted = Block(id="", kind=BlockKind.PARAGRAPH, runs=(Run(mutation.changed),))
    blocks.insert(at, planted)
    digest = hashlib.sha1(f"{host.id}/{placement}/{mutation.changed}".encode()).hexdigest()[:16]
    finished = finish_blocks(digest, [_bare(b) for b in blocks])
    title = host.title if placement != "unheaded" else host.title + " (no headings)"
    host_doc = SourceDocument(id=digest, path=f"planted/{Path(host.path).stem}-{digest}.md",
                              format="markdown", title=title, blocks=finished)
    return Case(mutation, placement, original, block.id, host_doc, finished[at].id)


def _bare(block: Block) -> Block:
    return Block(id="", kind=block.kind, runs=block.runs, level=block.level, label=block.label,
                 style=block.style, table=block.table)


def _position(blocks: Sequence[Block], placement: str, heading: str, rng: random.Random) -> int:
    """Returns where the planted paragraph goes among the host's blocks."""
    headings = [i for i, b in enumerate(blocks) if b.kind is BlockKind.HEADING]
    if placement == "front" or not headings:
        return headings[0] if headings else 0
    wanted = set(_words(heading))
    scored = [(len(wanted & set(_words(blocks[i].text))), i) for i in headings]
    if placement == "matching":
        best, at = max(scored)
        return at + 1 if best else len(blocks)  # no like heading: the end of the last section
    unrelated = [i for score, i in scored if score == 0] or headings
    return rng.choice(unrelated) + 1


def _words(text: str) -> list[str]:
    return [w for w in re.findall(r"[a-z]+", text.lower()) if len(w) > 3]


def plant_cases(policies: Sequence[SourceDocument], *, seed: int = 7, per_kind: int = 40,
                placements: Sequence[str] = PLACEMENTS) -> list[Case]:
    """Returns up to `per_kind` cases of every kind, spread over the placements, from sentences
    of every policy planted into another policy."""
    rng = random.Random(seed)
    pool = [(doc, block, heading, sentence) for doc in policies
            for block, heading, sentence in rule_sentences(doc)]
    rng.shuffle(pool)
    cases: list[Case] = []
    for kind in KINDS:
        found = [(doc, block, heading, mutation) for doc, block, heading, sentence in pool
                 if (mutation := mutate(sentence, kind, rng)) is not None]
        # Every mutation in every placement before any repeats, up to per_kind cases.
        for n in range(min(per_kind, len(found) * len(placements))):
            doc, block, heading, mutation = found[n % len(found)]
            placement = placements[(n // len(found) + n % len(found)) % len(placements)]
            host = rng.choice([d for d in policies if d.id != doc.id])
            cases.append(plant(mutation, placement, doc, block, heading, host, rng))
    return cases
