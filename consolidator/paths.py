"""Where the bundled resources (templates, samples, icons) live: source tree, wheel or frozen app."""

from __future__ import annotations

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
