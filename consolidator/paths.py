"""Where the bundled resources (templates, samples, icons) live, and file names safe on Windows."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path


def resources_dir() -> Path:
    """Returns the folder holding templates/, samples/ and icons/."""
    candidates = []
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        candidates.append(Path(frozen_root) / "resources")
    package_dir = Path(__file__).resolve().parent
    candidates.append(package_dir.parent / "resources")  # running from the source tree
    candidates.append(package_dir / "_resources")  # installed from a wheel
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    return candidates[0]


def samples_dir() -> Path:
    return resources_dir() / "samples"


def sample_policies() -> list[Path]:
    """Returns the bundled sample policies (the four .docx files directly in samples/), sorted."""
    folder = samples_dir()
    if not folder.is_dir():
        return []
    return sorted(
        (p for p in folder.glob("*.docx") if p.is_file() and not p.name.startswith(("~", "."))),
        key=lambda p: p.name.lower(),
    )


def templates_dir() -> Path:
    return resources_dir() / "templates"


def default_template() -> Path:
    return templates_dir() / "digital-policy-template.docx"


_SEPARATORS = re.compile(r"[/\\|]")
_FORBIDDEN = re.compile(r'[<>:"?*\x00-\x1f\x7f]')
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"{port}{n}" for port in ("COM", "LPT")
                                           for n in range(1, 10))}


def safe_file_name(name: str, fallback: str = "Digital Policy", max_length: int = 120) -> str:
    """Returns `name` (a title, say) as a file name Windows accepts, and so every OS does.

    Slashes and bars become hyphens ("2025/26" -> "2025-26"); the other characters Windows
    forbids (< > : " ? * and control characters) become spaces; runs of spaces become one; it
    is cut to `max_length` and loses trailing dots and spaces; a device name Windows reserves
    (CON, NUL, COM1 ... also as "con.v2") gets an underscore. Nothing left gives `fallback`.
    """
    cleaned = " ".join(_FORBIDDEN.sub(" ", _SEPARATORS.sub("-", name)).split())
    cleaned = cleaned[:max_length].rstrip(". ")
    if not cleaned:
        return fallback
    head, dot, rest = cleaned.partition(".")
    if head.rstrip().upper() in _RESERVED:
        cleaned = f"{head.rstrip()}_{dot}{rest}"
    return cleaned


def path_key(path: str | os.PathLike[str]) -> str:
    """Returns a key that is equal for two spellings of the same path (absolute, and without
    case on Windows, where names are case-insensitive)."""
    return os.path.normcase(os.path.abspath(os.fspath(path)))
