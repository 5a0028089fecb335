"""The protective marking ("OFFICIAL") the source policies carry in their page headers, to be
carried into the Digital Policy's own header and footer.

The readers leave header and footer text out of the policy and say so in a warning quoting it
(`header-footer`); the marking is found in that quoted text. When the sources differ, the most
restrictive marking is taken (a policy drawn from an OFFICIAL-SENSITIVE source is itself).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from consolidator.model import SourceDocument

# UK Government Security Classifications (2014) and the markings in use before them, most
# restrictive first.
MARKINGS = ("TOP SECRET", "SECRET", "OFFICIAL-SENSITIVE", "OFFICIAL", "RESTRICTED", "PROTECT",
            "NOT PROTECTIVELY MARKED", "UNCLASSIFIED")
_PATTERN = re.compile(
    r"\b(TOP\s+SECRET|SECRET|OFFICIAL[\s\-\u2013\u2011]+SENSITIVE|OFFICIAL|RESTRICTED|PROTECT|"
    r"NOT\s+PROTECTIVELY\s+MARKED|UNCLASSIFIED)\b")
_HEADER_WARNINGS = frozenset({"header-footer"})


def marking_in(text: str) -> str:
    """Returns the marking written in capitals in `text` ("OFFICIAL-SENSITIVE"), or ""."""
    found = [_normal(m.group(1)) for m in _PATTERN.finditer(text)]
    return most_restrictive(found)


def most_restrictive(markings: Iterable[str]) -> str:
    """Returns the most restrictive of the markings (by MARKINGS' order), or ""."""
    known = [m for m in markings if m in MARKINGS]
    return min(known, key=MARKINGS.index) if known else ""


def classification_of(docs: Iterable[SourceDocument]) -> str:
    """Returns the marking the sources' page headers carry (the most restrictive), or ""."""
    return most_restrictive(
        marking_in(warning.message) for doc in docs for warning in doc.warnings
        if warning.code in _HEADER_WARNINGS)


def _normal(marking: str) -> str:
    words = re.split(r"[\s\-\u2013\u2011]+", marking)
    if words[:2] == ["OFFICIAL", "SENSITIVE"]:
        return "OFFICIAL-SENSITIVE"
    return " ".join(words)
