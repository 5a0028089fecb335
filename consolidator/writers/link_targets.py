"""Where the sources' links inside a document land in the Digital Policy.

A source's "see Personal use" link points at a heading of that source ("#personal-use"). In the
merged policy that heading is a section's title, a heading merged into a section, or a
sub-section's label: such links are kept, pointed at a bookmark there. A link to a heading the
policy no longer has, or to a file beside the source ("remote-working.md"), would be dead in the
committee's copy: its words stay, as plain text.
"""

from __future__ import annotations

import re

from consolidator.model import BlockKind, ConsolidatedDocument

_SCHEME = re.compile(r"^[a-z][a-z0-9+.\-]*:", re.IGNORECASE)  # https:, mailto:, ...


def anchor_key(text: str) -> str:
    """Returns what a heading and a link to it share: "#general-security-operating-procedures-
    syops" and "General security operating procedures (SyOPs)" alike (letters and digits)."""
    return re.sub(r"[^0-9a-z]+", "", text.lower())


def is_external(target: str) -> bool:
    """Returns True for an address that works outside the source's folder (https:, mailto:)."""
    return bool(_SCHEME.match(target.strip()))


def heading_targets(doc: ConsolidatedDocument) -> dict[str, str]:
    """Returns anchor_key(heading) -> id of the section or label clause now holding it, for every
    heading of the sources that is in the policy (the first holder wins)."""
    targets: dict[str, str] = {}
    sections = {s.id: s for s in doc.iter_sections()}
    for section in sections.values():
        targets.setdefault(anchor_key(section.title), section.id)
        for clause in section.clauses:
            if clause.kind is BlockKind.HEADING:
                targets.setdefault(anchor_key(clause.text), clause.id)
    for entry in doc.ledger:  # source headings merged into a section of another title
        if entry.clause_id in sections and entry.text.strip():
            targets.setdefault(anchor_key(entry.text), entry.clause_id)
    targets.pop("", None)
    return targets
