"""Finding LibreOffice, keeping it from following links, and ending a conversion that hangs:
for the .doc/.rtf reader and PDF export.

LibreOffice runs in a private profile that blocks linked images, never updates links or fields
and runs no macros (write_profile). That does not stop its RTF and Word 97 importers from
opening the file an INCLUDEPICTURE field names (a local file is embedded; a network path on
Windows would connect to another computer and offer the user's credentials), so the copy it
converts has such fields neutralized first (without_links): their cached results stay.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

from consolidator.ooxml.clean import LINK_FIELDS

_NAMES = ("soffice", "libreoffice")
_WINDOWS = (  # the installer does not put LibreOffice on PATH
    Path("C:/Program Files/LibreOffice/program/soffice.exe"),
    Path("C:/Program Files (x86)/LibreOffice/program/soffice.exe"),
)
_MAC = Path("/Applications/LibreOffice.app/Contents/MacOS/soffice")


def find_soffice() -> str | None:
    """Returns the LibreOffice program to run, or None when it is not installed."""
    for name in _NAMES:
        found = shutil.which(name)
        if found:
            return found
    for candidate in (*_WINDOWS, _MAC):
        if candidate.exists():
            return str(candidate)
    return None


def kill_process_tree(process: subprocess.Popen) -> None:
    """Ends `process` and the programs it started (soffice runs soffice.bin), then reaps it.

    On Windows with `taskkill /T`; elsewhere by killing its process group, so the process must
    have been started with start_new_session=True.
    """
    if process.poll() is None:
        if sys.platform == "win32":
            try:
                subprocess.run(["taskkill", "/T", "/F", "/PID", str(process.pid)],
                               stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, timeout=30, check=False,
                               creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0))
            except (OSError, subprocess.SubprocessError):
                pass
        else:
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except (OSError, AttributeError):
                pass
        if process.poll() is None:
            process.kill()
    process.wait()


# --- a profile that follows no link -----------------------------------------------------------

_SETTINGS = (
    ("/org.openoffice.Office.Common/Security/Scripting", "BlockUntrustedRefererLinks", "true"),
    ("/org.openoffice.Office.Common/Security/Scripting", "DisableMacrosExecution", "true"),
    ("/org.openoffice.Office.Common/Security/Scripting", "MacroSecurityLevel", "3"),
    ("/org.openoffice.Office.Writer/Content/Update", "Link", "2"),  # never update links
    ("/org.openoffice.Office.Writer/Content/Update", "Field", "false"),
)


def write_profile(folder: Path) -> str:
    """Returns the -env:UserInstallation URI of a new private profile in `folder` whose settings
    block linked images, never update links or fields and run no macros."""
    user = folder / "user"
    user.mkdir(parents=True, exist_ok=True)
    items = "".join(f'<item oor:path="{path}"><prop oor:name="{name}" oor:op="fuse">'
                    f"<value>{value}</value></prop></item>" for path, name, value in _SETTINGS)
    (user / "registrymodifications.xcu").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<oor:items xmlns:oor="http://openoffice.org/'
        '2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.'
        f'org/2001/XMLSchema-instance">{items}</oor:items>\n', encoding="utf-8")
    return folder.as_uri()


# --- fields that fetch other files -------------------------------------------------------------

_KEYWORD = "(" + "|".join(LINK_FIELDS) + r")\b"
# RTF: the first word of a field instruction, after any control words, spaces and braces
_RTF_FIELD = re.compile(rb"(\\fldinst(?:\s|[{}]|\\[A-Za-z]+-?\d*)*)"
                        + _KEYWORD.encode(), re.I)
_RTF_LINKED_OBJECT = re.compile(rb"\\obj(?:aut)?link(?![A-Za-z])")
# Word 97: a field is 0x13, its instruction, 0x14 (result), 0x15; text is 8-bit or UTF-16
_DOC_FIELD_8 = re.compile(rb"(\x13[ \t]*)" + _KEYWORD.encode(), re.I)
_DOC_FIELD_16 = re.compile(b"(\x13\x00(?: \x00|\t\x00)*)(" + b"|".join(
    b"".join(bytes((ord(c), 0)) for c in field) for field in LINK_FIELDS) + b")", re.I)


def without_links(data: bytes, kind: str) -> bytes:
    """Returns an .rtf or .doc file's bytes with the fields that fetch other files (pictures,
    text, links, DDE) renamed so that nothing opens them, and RTF linked objects embedded;
    what the fields last showed is kept. Other files are returned as they are."""
    if kind == "rtf":
        data = _RTF_FIELD.sub(lambda m: m.group(1) + b"X" + m.group(2)[1:], data)
        return _RTF_LINKED_OBJECT.sub(lambda m: b"\\objemb", data)
    if kind == "doc":
        return _doc_without_links(data)
    return data


def _doc_without_links(data: bytes) -> bytes:
    import olefile

    try:
        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            stream = ole.openstream("WordDocument").read()
    except Exception:  # olefile raises assorted errors: the reader reports damage
        return data
    cleaned = _DOC_FIELD_8.sub(lambda m: m.group(1) + b"X" + m.group(2)[1:], stream)
    cleaned = _DOC_FIELD_16.sub(lambda m: m.group(1) + b"X\x00" + m.group(2)[2:], cleaned)
    if cleaned == stream:
        return data
    buffer = io.BytesIO(data)
    with olefile.OleFileIO(buffer, write_mode=True) as ole:
        ole.write_stream("WordDocument", cleaned)  # same length: only letters changed
    return buffer.getvalue()
