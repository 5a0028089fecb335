"""Old Word (.doc) and RTF files: converted to .docx by LibreOffice in a private folder."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import tempfile
import time
from pathlib import Path

from consolidator.errors import LoadError
from consolidator.libreoffice import find_soffice, kill_process_tree, without_links, write_profile
from consolidator.model import SourceDocument, content_id, finish_blocks
from consolidator.progress import CancelCheck, Progress, check_cancel, report

CONVERT_TIMEOUT_S = 60.0
_KIND_NAMES = {"doc": "an old Word 97-2003 document", "rtf": "a Rich Text Format (.rtf) document"}


def read(
    path: Path,
    data: bytes,
    *,
    kind: str = "doc",
    progress: Progress | None = None,
    cancel: CancelCheck | None = None,
) -> SourceDocument:
    """Returns the .doc/.rtf file read through a LibreOffice conversion to .docx.

    The source is copied into a private temporary folder first, with the fields that would
    fetch other files (INCLUDEPICTURE, INCLUDETEXT, LINK, DDE) neutralized, and only the copy is
    converted, by a LibreOffice whose profile follows no link; raises LoadError when LibreOffice
    is missing, fails or takes longer than CONVERT_TIMEOUT_S.
    """
    name = path.name
    what = _KIND_NAMES.get(kind, _KIND_NAMES["doc"])
    soffice = find_soffice()
    if soffice is None:
        raise LoadError(
            f"{name} is {what}. Open it in Word and use File > Save As > Word Document (.docx), "
            "then load the .docx. (With LibreOffice installed, it is converted automatically.)",
            path=str(path), reason="needs-conversion",
        )
    report(progress, 0.0, f"Converting {name} with LibreOffice")
    # A LibreOffice that has not let go of its profile yet (Windows keeps files open a moment)
    # must not turn a finished conversion into a raw PermissionError: the folder is left behind.
    with tempfile.TemporaryDirectory(prefix="policy-convert-", ignore_cleanup_errors=True) as tmp:
        work = Path(tmp)
        copy = work / f"source.{kind}"
        copy.write_bytes(without_links(data, kind))  # LibreOffice only sees a private copy
        profile = write_profile(work / "profile")
        out_dir = work / "out"
        out_dir.mkdir()
        command = [
            soffice, "--headless", "--norestore", "--nologo", "--nolockcheck",
            f"-env:UserInstallation={profile}", "--convert-to", "docx", "--outdir",
            str(out_dir), str(copy),
        ]
        _run(command, path, cancel)
        converted = out_dir / "source.docx"
        if not converted.is_file() or converted.stat().st_size == 0:
            raise LoadError(
                f"{name} could not be converted by LibreOffice: it may be damaged or in a "
                "format LibreOffice does not know. Open it in Word, save it as a Word Document "
                "(.docx) and load that.",
                path=str(path), reason="conversion-failed",
            )
        docx_bytes = converted.read_bytes()
        report(progress, 0.6, f"Reading the converted {name}")
        from consolidator.readers import docx  # imported late: only needed for legacy files

        inner = docx.read(converted, docx_bytes, progress=None, cancel=cancel)
    doc_id = content_id(data)
    report(progress, 1.0, f"Read {name}")
    title = inner.title if inner.title and inner.title != converted.stem else path.stem
    return dataclasses.replace(
        inner,
        id=doc_id,
        path=str(path),
        format=kind,
        title=title,
        blocks=finish_blocks(doc_id, inner.blocks),
    )


def _run(command: list[str], path: Path, cancel: CancelCheck | None) -> None:
    """Runs LibreOffice, polling for cancel; raises LoadError on timeout or failure to start."""
    env = dict(os.environ)
    env.setdefault("HOME", tempfile.gettempdir())
    try:
        process = subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL, env=env, start_new_session=True,
        )
    except OSError as exc:
        raise LoadError(
            f"{path.name} could not be converted: LibreOffice did not start ({exc}). Save the "
            "file from Word as a .docx and load that.",
            path=str(path), reason="conversion-failed",
        ) from exc
    deadline = time.monotonic() + CONVERT_TIMEOUT_S
    try:
        while process.poll() is None:
            if time.monotonic() > deadline:
                raise LoadError(
                    f"{path.name} took longer than {CONVERT_TIMEOUT_S:.0f} seconds to convert "
                    "with LibreOffice and was given up. Save it from Word as a .docx and load "
                    "that.",
                    path=str(path), reason="timeout",
                )
            check_cancel(cancel)
            time.sleep(0.1)
    finally:
        if process.poll() is None:  # with soffice's helper process (its own session)
            kill_process_tree(process)
