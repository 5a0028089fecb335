"""A policy's title when its file names none (no title property, no Title line).

The first heading is the title only when it opens the document and is not the name of a
section: NHS England's guides printed without a title open with a note, then "Overview" or
"Acceptible use", and those were taken for the policies' names ("This policy supersedes:
Overview, Overview"). The file's name, as words, names the policy better than that.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from consolidator.model import Block, BlockKind

# Headings of a policy's sections, never its name.
_SECTION_NAMES = frozenset({"overview", "introduction", "purpose", "scope", "summary",
                            "background", "contents", "aims", "policy statement"})
# Protective markings printed above a title ("OFFICIAL"): not the title.
_MARKING = re.compile(r"^(?:(?:security )?classification\s*:.*|official(?:\s*[-\u2013\u2014 ]"
                      r"\s*sensitive)?|not protectively marked|protect|restricted|confidential|"
                      r"secret|unclassified|draft|final|version\b.*|v\d[\d.]*\b.*)\W*$",
                      re.IGNORECASE)
_NUMBER = re.compile(r"^\(?\d+(?:\.\d+)*[.)]?\s*")
_TITLE_WORDS = 12  # a bold line longer than this is a statement, not a title


def heading_or_file_title(blocks: Sequence[Block], path: Path) -> str:
    """Returns the first line when it is a title, else the file's name as words. Tables
    (document control), protective markings ("OFFICIAL"), "DRAFT" and version lines before it
    are passed over; a title is a Title line, a heading that is no section's name ("Overview",
    "1. Introduction") or a short bold line (but a bold line over the policy's own heading,
    "Anytown Borough Council" over "Email Policy", gives that heading); any other text first
    (a note, a sentence) means there is none."""
    lines = [(b, " ".join(b.text.split())) for b in blocks if b.kind is not BlockKind.TABLE]
    lines = [(b, text) for b, text in lines if text and not _MARKING.match(text)]
    for n, (block, text) in enumerate(lines):
        if _section_name(text) or _NUMBER.match(text) or any(c.isdigit() for c in block.label):
            break  # "Overview", "1. Roles and responsibilities": a section's heading
        if block.style.lower() == "title" or block.kind is BlockKind.HEADING:
            return text
        if _bold_line(block):  # a council's name above the policy's own heading is not it
            after = lines[n + 1] if n + 1 < len(lines) else None
            heading = after is not None and after[0].kind is BlockKind.HEADING
            return after[1] if heading and not _section_name(after[1]) else text
        break
    return file_title(path)


def _section_name(text: str) -> bool:
    return _NUMBER.sub("", text).lower().strip(" :") in _SECTION_NAMES


def _bold_line(block: Block) -> bool:
    text = " ".join(block.text.split())
    return block.kind is BlockKind.PARAGRAPH and len(text.split()) <= _TITLE_WORDS and \
        not text.endswith((".", ":", ";", ",")) and all(r.bold for r in block.runs
                                                        if r.text.strip())


def file_title(path: Path) -> str:
    """Returns a file's name as words: "uk-nhs-england-email.pdf" is "Uk nhs england email",
    "Email Policy.docx" stays "Email Policy"."""
    words = " ".join(re.sub(r"[_\-]+", " ", path.stem).split()) or path.stem
    return words[:1].upper() + words[1:] if words.islower() else words
