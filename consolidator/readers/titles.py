"""A policy's title when its file names none (no title property, no Title line).

The first heading is the title only when it opens the document and is not the name of a
section: NHS England's guides printed without a title open with a note, then "Overview" or
"Acceptible use", and those were taken for the policies' names ("This policy supersedes:
Overview, Overview"). The file's name, as words, names the policy better then.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from consolidator.model import Block, BlockKind

# Headings of a policy's sections, never its name.
_SECTION_NAMES = frozenset({"overview", "introduction", "purpose", "scope", "summary",
                            "background", "contents", "aims", "policy statement"})


def heading_or_file_title(blocks: Sequence[Block], path: Path) -> str:
    """Returns the first line when it is a title (a Title line, or a heading that is no
    section's name, "Overview") with nothing but blank lines before it, else the file's name
    as words."""
    for block in blocks:
        text = " ".join(block.text.split())
        if not text:
            continue
        titled = block.style.lower() == "title" or block.kind is BlockKind.HEADING
        if titled and text.lower().strip(" :") not in _SECTION_NAMES:
            return text
        break
    return file_title(path)


def file_title(path: Path) -> str:
    """Returns a file's name as words: "uk-nhs-england-email.pdf" is "Uk nhs england email",
    "Email Policy.docx" stays "Email Policy"."""
    words = " ".join(re.sub(r"[_\-]+", " ", path.stem).split()) or path.stem
    return words[:1].upper() + words[1:] if words.islower() else words
