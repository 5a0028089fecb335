"""Finding LibreOffice, and ending a conversion that hangs: for the .doc/.rtf reader and PDFs."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

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
