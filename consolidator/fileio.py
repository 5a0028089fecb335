"""Atomic file writes: a temporary file beside the target, flushed, then renamed into place.

Writes made inside `with write_set():` replace their targets together when the block ends: all
of them, or (on any failure) none. Temporary files a crash left behind (`.NAME.xxxxxxxx.tmp`)
are removed by the next write of the same target and by remove_leftover_temps().
"""

from __future__ import annotations

import contextlib
import glob
import json
import os
import re
import shutil
import stat
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from pathlib import Path
from typing import BinaryIO

from consolidator.errors import WriteError


def _read_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


# mkstemp makes owner-only (0600) files; a written file gets the mode a plain open() would give it
# (or keeps the mode of the file it replaces), so a policy saved to a shared folder stays readable.
_NEW_FILE_MODE = 0o666 & ~_read_umask()

# Windows refuses to replace a file while another program has it open without delete sharing.
# Virus scanners, the search indexer and backup tools hold files like that for a moment (as does
# anything reading an autosave just then): the rename is tried again for about a second before
# the target counts as locked (by Word, say). POSIX renames never fail that way.
_REPLACE_RETRY_DELAYS = (0.05, 0.1, 0.2, 0.25, 0.4) if sys.platform == "win32" else ()


_STAGED: ContextVar[list[tuple[Path, Path]] | None] = ContextVar("staged", default=None)
_LEFTOVER = re.compile(r"^\..+\.[A-Za-z0-9_]{8}\.(tmp|old)$")
LEFTOVER_AGE_S = 15 * 60  # younger temporary files may belong to a save still running


def write_atomic(target: str | Path, write: Callable[[BinaryIO], None]) -> Path:
    """Returns the target path after `write(handle)` filled a temp file that replaced it atomically.

    On any failure the temporary file is removed and the old target (if any) is left untouched;
    a target locked or made read-only by another program raises WriteError with a plain message.
    Inside write_set() the replacing waits for the end of the set.
    """
    target = Path(target)
    directory = target.parent if str(target.parent) else Path(".")
    try:
        fd, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise WriteError(_message(target, exc, creating=True), path=str(target)) from exc
    temp = Path(temp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        if target.exists() and not os.access(target, os.W_OK):
            raise PermissionError(13, "the file is read-only", str(target))
        _set_mode(temp, target)
        staged = _STAGED.get()
        if staged is not None:
            staged.append((temp, target))
            return target
        _replace(temp, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise WriteError(_message(target, exc), path=str(target)) from exc
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    remove_leftover_temps(directory, target.name)
    return target


@contextlib.contextmanager
def write_set() -> Iterator[None]:
    """Makes the atomic writes inside the block one set: their targets are replaced when the
    block ends without an error, and if any write or replacement fails every target keeps (or
    gets back) its old content and WriteError says so."""
    staged: list[tuple[Path, Path]] = []
    token = _STAGED.set(staged)
    try:
        yield
    except BaseException:
        for temp, _ in staged:
            with contextlib.suppress(OSError):
                temp.unlink()
        raise
    finally:
        _STAGED.reset(token)
    _commit(staged)


def _commit(staged: list[tuple[Path, Path]]) -> None:
    """Replaces each target by its staged file, keeping a copy of the old one until all are in."""
    replaced: list[tuple[Path, Path | None]] = []  # target, its old content's copy
    try:
        for temp, target in staged:
            backup = None
            if target.exists():
                backup = temp.with_suffix(".old")
                _keep_copy(target, backup)
            replaced.append((target, backup))
            _replace(temp, target)
    except OSError as exc:
        failed = replaced[-1][0] if replaced else staged[0][1]
        _restore(replaced, staged)
        raise WriteError(_message(failed, exc), path=str(failed)) from exc
    for target, backup in replaced:
        if backup is not None:
            with contextlib.suppress(OSError):
                backup.unlink()
        remove_leftover_temps(target.parent, target.name)


def _keep_copy(target: Path, backup: Path) -> None:
    try:
        os.link(target, backup)  # a second name for the old content: instant, no copy
    except OSError:
        shutil.copy2(target, backup)


def _restore(replaced: list[tuple[Path, Path | None]], staged: list[tuple[Path, Path]]) -> None:
    """Puts every replaced target back as it was and removes what was staged."""
    for target, backup in replaced:
        with contextlib.suppress(OSError):
            if backup is not None:
                os.replace(backup, target)
            elif target.exists():
                target.unlink()
    for temp, _ in staged:
        with contextlib.suppress(OSError):
            temp.unlink()


def remove_leftover_temps(folder: str | Path, name: str = "",
                          older_than_s: float = LEFTOVER_AGE_S) -> int:
    """Returns how many temporary files of an interrupted save (`.NAME.xxxxxxxx.tmp` or
    `.old`, of target `name` or of any) older than `older_than_s` were removed from `folder`."""
    removed = 0
    pattern = f".{glob.escape(name)}.*" if name else ".*"
    now = time.time()
    try:
        candidates = list(Path(folder).glob(pattern))
    except OSError:
        return 0
    for path in candidates:
        if not _LEFTOVER.match(path.name) or (name and path.name[1:len(name) + 1] != name):
            continue
        with contextlib.suppress(OSError):
            if path.is_file() and now - path.stat().st_mtime >= older_than_s:
                path.unlink()
                removed += 1
    return removed


def _replace(temp: Path, target: Path) -> None:
    for delay in _REPLACE_RETRY_DELAYS:
        try:
            os.replace(temp, target)
            return
        except PermissionError:
            time.sleep(delay)
    os.replace(temp, target)


def _set_mode(temp: Path, target: Path) -> None:
    try:
        mode = stat.S_IMODE(target.stat().st_mode)
    except OSError:
        mode = _NEW_FILE_MODE
    with contextlib.suppress(OSError):  # some network drives refuse chmod: keep mkstemp's mode
        os.chmod(temp, mode)


def write_bytes_atomic(target: str | Path, data: bytes) -> Path:
    """Returns the target path after replacing its content with `data` atomically."""
    return write_atomic(target, lambda handle: handle.write(data))


def write_text_atomic(target: str | Path, text: str) -> Path:
    """Returns the target path after replacing its content with UTF-8 `text` atomically."""
    return write_bytes_atomic(target, text.encode("utf-8"))


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def json_text(data: object) -> str:
    """Returns `data` as indented JSON text that is valid UTF-8 whatever it holds: a file name
    that is not valid UTF-8 (a lone surrogate) is kept as a \\uXXXX escape, which reads back
    as the same name."""
    text = json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    return _LONE_SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _message(target: Path, exc: OSError, creating: bool = False) -> str:
    if isinstance(exc, PermissionError):
        return (
            f"{target.name} could not be saved: it is open in another program (such as Word) or "
            "is read-only. Close it there, or choose another name, and try again. Nothing was "
            "changed."
        )
    if creating and isinstance(exc, FileNotFoundError):
        return (f"{target.name} could not be saved: the folder {target.parent} does not exist. "
                "Nothing was changed.")
    if getattr(exc, "errno", None) == 28:
        return f"{target.name} could not be saved: the disk is full. Free some space and try again."
    return f"{target.name} could not be saved ({exc.strerror or exc}). Nothing was changed."
