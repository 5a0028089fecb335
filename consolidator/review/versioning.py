"""The Digital Policy's next version: its number, its version-history row, its dates."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from consolidator.metadata import PolicyMetadata, VersionEntry
from consolidator.review.matching import ChangeKind, ClauseChange

_VERSION = re.compile(r"^\s*[vV]?(\d+)(?:\.(\d+))?")


def next_version(version: str, *, major: bool = False) -> str:
    """Returns the version after `version`: 1.0 -> 1.1 (minor), 1.4 -> 2.0 (major); "" when
    `version` is not a number the app can count on from ("Draft A")."""
    found = _VERSION.match(version or "")
    if found is None:
        return ""
    whole, minor = int(found.group(1)), int(found.group(2) or 0)
    return f"{whole + 1}.0" if major else f"{whole}.{minor + 1}"


def history_summary(changes: Sequence[ClauseChange], old_months: int, new_months: int) -> str:
    """Returns the version-history row's summary drafted from what changed in the policy:
    "3 clauses reworded, 1 added on generative AI tools; review interval unchanged"."""
    counted = [c for c in changes if c.counts and not c.heading]
    parts = []
    reworded = sum(1 for c in counted if c.kind is ChangeKind.REWORDED)
    added = [c for c in counted if c.kind is ChangeKind.ADDED]
    removed = sum(1 for c in counted if c.kind is ChangeKind.REMOVED)
    if reworded:
        parts.append(f"{reworded} clause{'s' if reworded != 1 else ''} reworded")
    if added:
        topics = list(dict.fromkeys(_topic(c.topic) for c in added if c.topic))
        on = f" on {_join(topics[:3])}" if topics else ""
        noun = "" if parts else (" clauses" if len(added) != 1 else " clause")
        parts.append(f"{len(added)}{noun} added{on}")
    if removed:
        noun = "" if parts else (" clauses" if removed != 1 else " clause")
        parts.append(f"{removed}{noun} removed")
    renamed = sum(1 for c in changes if c.counts and c.heading
                  and c.kind is ChangeKind.REWORDED)
    if renamed:
        parts.append(f"{renamed} heading{'s' if renamed != 1 else ''} reworded")
    text = ", ".join(parts) if parts else "Reviewed: no change to the policy's text"
    text = text[0].upper() + text[1:]
    if new_months == old_months:
        interval = "review interval unchanged"
    else:
        interval = (f"review interval changed from every {old_months} to every {new_months} "
                    "months")
    return f"{text}; {interval}"


def draft_next_metadata(approved: PolicyMetadata, summary: str, *, reviewed_on: date,
                        version: str, approval_date: date | None = None,
                        review_months: int | None = None, author: str = "",
                        status: str = "For approval") -> PolicyMetadata:
    """Returns the next version's document control: the version, the review date (the
    document's date), the approval date when known, the interval (the approved one unless
    given), and the version history with the approved version's row and this version's row.
    The next review date follows: the approval date (else the review date) plus the interval."""
    history = approved.history()
    row = VersionEntry(version, reviewed_on, author or approved.author, summary)
    history = tuple(e for e in history if e.version != version) + (row,)
    return replace(approved, version=version, status=status, date=reviewed_on,
                   approval_date=approval_date, effective_date=None,
                   review_months=review_months or approved.review_months,
                   version_history=history)


def _topic(title: str) -> str:
    """Returns a section title as the middle of a sentence: "Generative AI tools" ->
    "generative AI tools" (words in capitals stay so)."""
    title = " ".join(title.split())
    if len(title) > 1 and title[0].isupper() and not title[1].isupper():
        return title[0].lower() + title[1:]
    return title


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
