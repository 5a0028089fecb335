"""Session files on disk: the app's own extension, and telling a session from a policy by content.

A session is JSON (consolidator.session); saved as `<name>.pcsession`, the extension Windows
associates with the app, so a double-click opens it. Older sessions are `.session.json`. Which
files are sessions is decided by what they hold, as for policies, never by their names alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from consolidator.session import SCHEMA

SESSION_SUFFIX = ".pcsession"
LEGACY_SUFFIX = ".session.json"
_HEAD_BYTES = 64 * 1024  # the schema line is the first thing a saved session holds
_SCHEMA_FIELD = re.compile(rb'"schema"\s*:\s*"' + re.escape(SCHEMA.encode()) + rb'"')


def is_session_file(path: str | Path) -> bool:
    """Returns True when the file at `path` holds a Policy Consolidator session (by content).

    Only the start of the file is read; a missing or unreadable file is not a session (the
    policy reader then says what is wrong with it).
    """
    try:
        with open(path, "rb") as handle:
            head = handle.read(_HEAD_BYTES)
    except OSError:
        return False
    head = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    return head.startswith(b"{") and _SCHEMA_FIELD.search(head) is not None


def split_session_files(paths: Iterable[str | Path]) -> tuple[list[str], list[str]]:
    """Returns (session files, other files) of `paths`, each in the order given."""
    sessions: list[str] = []
    others: list[str] = []
    for path in paths:
        (sessions if not Path(path).is_dir() and is_session_file(path) else others).append(
            str(path))
    return sessions, others


def session_file_name(path: str | Path) -> Path:
    """Returns `path` with the session extension when it has none of a session's own."""
    path = Path(path)
    name = path.name.lower()
    if name.endswith((SESSION_SUFFIX, LEGACY_SUFFIX)) or name.endswith(".json"):
        return path
    return path.with_name(path.name + SESSION_SUFFIX)
