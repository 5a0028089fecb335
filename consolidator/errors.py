"""Errors the user sees: plain-English messages that name the file, the reason and what to do."""

from __future__ import annotations


def printable(text: str) -> str:
    """Returns `text` safe to show, print and write as UTF-8: a file name that is not valid in
    the system's encoding (a lone surrogate such as "\\udce9") shows "?" in its place."""
    return text.encode("utf-8", "replace").decode("utf-8")


class LoadError(Exception):
    """A document could not be read. `str()` is the whole message for the user."""

    def __init__(self, message: str, *, path: str = "", reason: str = "unreadable") -> None:
        super().__init__(printable(message))
        self.path = path
        # short machine name: "encrypted", "corrupt", "empty", "unsupported", ...
        self.reason = reason


class Cancelled(Exception):
    """The user cancelled a long operation."""


class WriteError(Exception):
    """A file could not be written (locked by Word, read-only, disk full). The message is for the
    user."""

    def __init__(self, message: str, *, path: str = "") -> None:
        super().__init__(printable(message))
        self.path = path
