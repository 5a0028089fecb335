"""Which of two documents is the older version, and whether they are versions of one policy at
all: the Compare view puts the older on the left and says "Older / Newer" only for versions
("Left / Right" for two different policies). Plain Python over SourceDocument properties."""

from __future__ import annotations

import re

from consolidator.model import SourceDocument
from ui.compare_model import version_of

SIDE_LABELS = {True: ("&Older:", "&Newer:"), False: ("&Left:", "&Right:")}
_VERSION_WORDS = re.compile(r"\b(v|ver|version|draft|rev)\.?\s*\d+(\.\d+)*\b|\(\s*\)|\bcopy\b",
                            re.IGNORECASE)


def version_key(document: SourceDocument) -> tuple[int, ...] | None:
    """Returns the document's version as numbers ((2, 1) for "2.1"), or None."""
    numbers = re.findall(r"\d+", version_of(document))
    return tuple(int(n) for n in numbers) or None


def _modified(document: SourceDocument) -> str:
    return next((value for key, value in document.properties if key == "modified"), "")


def is_older(a: SourceDocument, b: SourceDocument) -> bool | None:
    """Returns True when `a` is an older version than `b`, False when newer, None when the
    properties do not say (by version number first, then by the date last saved)."""
    va, vb = version_key(a), version_key(b)
    if va is not None and vb is not None and va != vb:
        return va < vb
    ma, mb = _modified(a), _modified(b)
    if ma and mb and ma != mb:
        return ma < mb  # ISO 8601 dates sort as text
    return None


def policy_name(document: SourceDocument) -> str:
    """Returns the document's title (or file name) without version words, for comparing."""
    stem = document.name.rsplit(".", 1)[0]
    text = _VERSION_WORDS.sub(" ", stem).casefold()
    return " ".join(re.sub(r"[^\w\s]", " ", text).split())


def looks_like_versions(a: SourceDocument | None, b: SourceDocument | None) -> bool:
    """Returns True when two documents look like versions of one policy: the same title, or
    the same file name once version words ("v2.1", "draft 3", "copy") are left out."""
    if a is None or b is None:
        return True  # nothing chosen yet: the usual case, a policy and its new version
    titles = (a.title or "").casefold().strip(), (b.title or "").casefold().strip()
    return (bool(titles[0]) and titles[0] == titles[1]) or policy_name(a) == policy_name(b)
