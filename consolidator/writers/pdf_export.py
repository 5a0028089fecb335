"""Converts an exported .docx to an accessible PDF with LibreOffice, headless, in a private profile.

The PDF is tagged (headings, lists, tables and reading order for screen readers), PDF/A-2b (for
archiving, with the XMP identification) and marked PDF/UA, through LibreOffice's PDF filter
options (the JSON form, LibreOffice 7.4 and later).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from pathlib import Path

from consolidator.errors import WriteError
from consolidator.fileio import write_atomic
from consolidator.libreoffice import find_soffice, kill_process_tree, write_profile

NOT_INSTALLED = (
    "PDF export needs LibreOffice, which is not installed on this computer. Install it from "
    "libreoffice.org (or your system's package manager), or open the .docx in Word and use "
    "File > Save As > PDF."
)


# writer_pdf_Export options: PDF/A-2b, tagged, PDF/UA, the title shown in the window, bookmarks.
PDF_OPTIONS = {
    "SelectPdfVersion": {"type": "long", "value": "2"},
    "UseTaggedPDF": {"type": "boolean", "value": "true"},
    "PDFUACompliance": {"type": "boolean", "value": "true"},
    "ExportBookmarks": {"type": "boolean", "value": "true"},
    "DisplayPDFDocumentTitle": {"type": "boolean", "value": "true"},
}
CONVERT_TO = "pdf:writer_pdf_Export:" + json.dumps(PDF_OPTIONS, separators=(",", ":"))


def pdf_available() -> bool:
    """Returns True when LibreOffice is installed, so PDF export can be offered."""
    return find_soffice() is not None


def export_pdf(docx_path: str | Path, pdf_path: str | Path, *, timeout: float = 120) -> Path:
    """Returns the PDF path after converting `docx_path` (tagged PDF/A-2b) and moving it into place.

    LibreOffice runs with a throw-away user profile in a private temporary folder, so it
    neither clashes with a LibreOffice the user has open nor leaves files behind. Raises
    WriteError with a plain message when LibreOffice is missing, fails or takes too long.
    """
    docx_path, pdf_path = Path(docx_path), Path(pdf_path)
    program = find_soffice()
    if program is None:
        raise WriteError(NOT_INSTALLED, path=str(pdf_path))
    with tempfile.TemporaryDirectory(prefix="policy-pdf-", ignore_cleanup_errors=True) as tmp:
        work = Path(tmp)
        source = work / "policy.docx"
        shutil.copyfile(docx_path, source)
        profile = write_profile(work / "profile")  # links and fields never updated
        command = [program, f"-env:UserInstallation={profile}", "--headless", "--norestore",
                   "--convert-to", CONVERT_TO, "--outdir", str(work / "out"), str(source)]
        try:  # its own session, so a timeout can end soffice and the helper it starts
            process = subprocess.Popen(command, stdin=subprocess.DEVNULL,
                                       stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                       start_new_session=True)
        except OSError as exc:
            raise WriteError(f"{pdf_path.name} could not be made: LibreOffice did not start "
                             f"({exc.strerror or exc}).", path=str(pdf_path)) from None
        try:
            stdout, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            raise WriteError(
                f"{pdf_path.name} could not be made: LibreOffice took longer than "
                f"{timeout:.0f} seconds. Try again, or save as PDF from Word.",
                path=str(pdf_path),
            ) from None
        finally:
            if process.poll() is None:
                kill_process_tree(process)
            with process:  # closes the pipes
                pass
        produced = work / "out" / "policy.pdf"
        if process.returncode != 0 or not produced.exists():
            detail = (stderr or stdout).decode("utf-8", "replace").strip()
            if "no export filter" in detail.lower():
                raise WriteError(
                    f"{pdf_path.name} could not be made: this LibreOffice is too old to write a "
                    "tagged, archivable PDF (version 7.4 or later is needed). Update LibreOffice "
                    "from libreoffice.org, or save as PDF from Word.", path=str(pdf_path))
            raise WriteError(
                f"{pdf_path.name} could not be made: LibreOffice could not convert the document"
                + (f" ({detail.splitlines()[-1]})" if detail else "") + ".",
                path=str(pdf_path),
            )
        with produced.open("rb") as pdf:
            return write_atomic(pdf_path, lambda handle: shutil.copyfileobj(pdf, handle))
