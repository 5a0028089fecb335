"""Output paths that never replace a source: checked before anything is read or written.

An output that resolves to an input (the same name, another name for it through a link or a
shortcut folder, a different case on Windows, a hard link) or to another output of the same
run is refused with a plain message, as is an output whose extension does not say what is
written into it.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from consolidator.errors import printable

Role = tuple[Path, str]  # a path and what it is to the user ("the policy", "the report (--report)")


class OutputPathError(Exception):
    """An output path would replace an input or another output. `str()` is for the user."""


def same_file(a: str | Path, b: str | Path) -> bool:
    """Returns True when `a` and `b` name the same file (links followed; case ignored where the
    file system ignores it; existing files compared by identity, so hard links count too)."""
    a, b = Path(a), Path(b)
    if _canonical(a) == _canonical(b):
        return True
    try:
        return os.path.samefile(a, b)
    except OSError:  # one of them does not exist (yet): different files
        return False


def check_outputs(outputs: Sequence[Role], inputs: Sequence[Role]) -> None:
    """Raises OutputPathError when an output is an input or another output."""
    for n, (out, out_role) in enumerate(outputs):
        for source, source_role in inputs:
            if same_file(out, source):
                raise OutputPathError(
                    f"{_name(out)} is {source_role}, so writing {out_role} there would replace "
                    f"it. Choose another name for {out_role}. Nothing was written.")
        for other, other_role in outputs[n + 1:]:
            if same_file(out, other):
                raise OutputPathError(
                    f"{out_role[0].upper() + out_role[1:]} and {other_role} would both be "
                    f"written to {_name(out)}. Give them different names. Nothing was written.")


def check_suffix(path: Path, suffixes: Sequence[str], what: str, hint: str = "") -> None:
    """Raises OutputPathError when `path` does not end in one of `suffixes` (".docx")."""
    if path.suffix.lower() not in suffixes:
        raise OutputPathError(
            f"{_name(path)}: {what}, so the name must end in {' or '.join(suffixes)}."
            + (f" {hint}" if hint else "") + " Nothing was written.")


def _canonical(path: Path) -> str:
    try:
        resolved = path.resolve()
    except (OSError, RuntimeError):  # a loop of links
        resolved = path.absolute()
    return os.path.normcase(str(resolved))


def _name(path: Path) -> str:
    return printable(path.name)
