"""Reading a source file's bytes: regular files only, bounded, and checked against its hash.

Every file the tool reads as a policy, template or session comes in through read_file_bytes():
it refuses folders, devices, pipes and sockets before opening (a pipe would block the open
itself), checks again on the open handle, and never reads more than the limit, whatever size
the file system reports (a device or /proc file reports 0). reread_unchanged() gives a writer
the bytes of a document exactly as they were when it was read, or a plain LoadError.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from consolidator.errors import LoadError, printable
from consolidator.model import SourceDocument, content_id

MAX_FILE_BYTES = 100 * 1024 * 1024  # the largest real policy seen is ~12 MB

# \\server\share, //server/share, \\?\ and \\.\ (device namespace), and Windows device names.
_UNC = re.compile(r"^(\\\\|//)")
_WINDOWS_DEVICES = re.compile(r"^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)"
                              r"(\..*)?$", re.I)


def describe(path: Path) -> str:
    """Returns the file name for a message, printable whatever its encoding ("Caf\\udce9.docx"
    from a non-UTF-8 name becomes "Caf?.docx")."""
    return printable(path.name)


def remote_or_device(path: str | Path) -> str:
    """Returns why `path` is not a plain local file name ("" when it is one): a network (UNC)
    path, a Windows device path or name, or a path with a NUL character."""
    text = str(path)
    if "\x00" in text:
        return "its name holds a NUL character"
    if _UNC.match(text):
        if text[2:4] in ("?\\", ".\\", "?/", "./"):
            return "it is a Windows device path"
        return "it is on another computer (a network path)"
    stem = Path(text.replace("\\", "/")).name.strip().rstrip(".")
    if _WINDOWS_DEVICES.match(stem):
        return "it names a Windows device"
    return ""


def read_file_bytes(path: str | Path, *, limit: int = MAX_FILE_BYTES,
                    what: str = "document") -> bytes:
    """Returns the bytes of the regular file at `path`; raises LoadError (plain message) for a
    missing, unreadable, empty, over-`limit` or not-regular file. Opened read-only."""
    path = Path(path)
    name = describe(path)
    try:
        _check_regular(path.stat(), path, what)  # before opening: opening a pipe blocks
        flags = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)
        fd = os.open(path, flags)
        with os.fdopen(fd, "rb", buffering=0) as handle:
            info = os.fstat(handle.fileno())
            _check_regular(info, path, what)  # the file opened may not be the file stat-ed
            if info.st_size > limit:
                raise _too_large(path, info.st_size, limit)
            data = _read_at_most(handle, limit + 1)
    except FileNotFoundError as exc:
        raise LoadError(
            f"{name} was not found at {describe(path.parent)}. It may have been moved, renamed "
            "or deleted; check its name and folder and load it again.",
            path=str(path), reason="not-found",
        ) from exc
    except PermissionError as exc:
        raise LoadError(
            f"{name} cannot be opened: permission denied. Ask the file's owner for read access, "
            "or copy it to your Documents folder and load the copy.",
            path=str(path), reason="permission",
        ) from exc
    except OSError as exc:
        raise LoadError(
            f"{name} cannot be read from disk ({exc.strerror or exc}). If it is on a network "
            "drive, check the connection and try again.",
            path=str(path), reason="io",
        ) from exc
    if len(data) > limit:  # the size read 0 or less than the content (a device, /proc)
        raise _too_large(path, len(data), limit)
    if not data:
        raise LoadError(
            f"{name} is empty (0 bytes). The copy may not have finished saving; open the original "
            "in Word, save it again and load the new copy.",
            path=str(path), reason="empty",
        )
    return data


def reread_unchanged(doc: SourceDocument) -> bytes:
    """Returns the bytes of `doc`'s file, which must be those it was read from (same content
    hash); raises LoadError when the file changed, moved or vanished since."""
    path = Path(doc.path)
    try:
        data = read_file_bytes(path)
    except LoadError as exc:
        raise LoadError(f"{exc} (It was read earlier, but is no longer the same file.)",
                        path=str(path), reason="changed") from exc
    if content_id(data) != doc.id:
        raise LoadError(
            f"{describe(path)} has changed on disk since it was read, so the output would not "
            "match what was compared. Load it again (or run the command again) and repeat.",
            path=str(path), reason="changed",
        )
    return data


def _check_regular(info: os.stat_result, path: Path, what: str) -> None:
    mode = info.st_mode
    if stat.S_ISREG(mode):
        return
    if stat.S_ISDIR(mode):
        raise LoadError(
            f"{describe(path)} is a folder, not a {what}. Choose the files inside it.",
            path=str(path), reason="not-a-file",
        )
    kind = ("a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else
            "a pipe" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode) else
            "not an ordinary file")
    raise LoadError(
        f"{describe(path)} is {kind}, not a {what} saved on disk, and was not read. Choose the "
        f"{what} file itself.",
        path=str(path), reason="not-a-file",
    )


def _read_at_most(handle, count: int) -> bytes:
    chunks = []
    left = count
    while left > 0:
        chunk = handle.read(min(left, 1 << 20))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _too_large(path: Path, size: int, limit: int) -> LoadError:
    return LoadError(
        f"{describe(path)} is {size / 1024 / 1024:,.0f} MB or more, far larger than any policy "
        f"document (the limit is {limit // 1024 // 1024} MB). Check that you chose the right "
        "file; if it holds large pictures, save a copy without them.",
        path=str(path), reason="too-large",
    )

