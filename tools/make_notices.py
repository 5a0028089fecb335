"""Writes THIRD-PARTY-NOTICES.txt: every runtime dependency locked in uv.lock, with its licence.

    uv run python tools/make_notices.py [-o THIRD-PARTY-NOTICES.txt]

The list of dependencies comes from uv.lock (the project's runtime `dependencies` and what they
need, for this platform: dev tools and the `build` extra are not shipped); each one's version,
licence and licence texts come from its installed distribution's metadata and licence files.
A distribution that ships no licence text gets the standard text of its licence from
packaging/licenses/ (Qt for Python ships none). The Python runtime and PyInstaller's bootloader,
which are in every frozen build, are listed first. It fails (exit 1) rather than write a notice
without a licence text, or when a locked runtime dependency is not installed.
"""

from __future__ import annotations

import argparse
import importlib.metadata as metadata
import re
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROJECT = "policy-consolidator"
STANDARD_TEXTS = ROOT / "packaging" / "licenses"
# SPDX ids whose standard text we ship, and the texts each needs (the LGPL builds on the GPL).
TEXTS_FOR = {"LGPL-3.0": ("LGPL-3.0.txt", "GPL-3.0.txt"), "GPL-3.0": ("GPL-3.0.txt",)}
LICENCE_FILE = re.compile(r"^(licen[cs]e|copying|notice|authors)([._-].*)?$", re.IGNORECASE)

# The terms a dependency offered under a choice of licences is used under, and why.
CHOSEN = {
    "pyside6-essentials": "LGPL-3.0-only",
    "shiboken6": "LGPL-3.0-only",
}
NOTES = {
    "pyside6-essentials": (
        "Qt for Python (PySide6) and the Qt libraries it ships are used under the GNU Lesser "
        "General Public License version 3. They are installed as separate, unmodified shared "
        "libraries (the Qt6 libraries and the PySide6 and shiboken6 folders) that you may "
        "replace with your own build of the same version. The source code of Qt and of Qt for "
        "Python is available from https://download.qt.io/official_releases/ and "
        "https://code.qt.io/. Qt includes "
        "third-party components under their own permissive licences, listed at "
        "https://doc.qt.io/qt-6/licenses-used-in-qt.html."
    ),
    "shiboken6": "Part of Qt for Python; see pyside6-essentials above.",
}


@dataclass(frozen=True)
class Notice:
    """One component in the notices: what it is, its licence, and the licence texts."""

    name: str
    version: str
    licence: str
    url: str
    texts: tuple[tuple[str, str], ...]  # (file name, text)
    note: str = ""


def normalise(name: str) -> str:
    """Returns a distribution name as uv.lock and PyPI compare them (PEP 503)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def runtime_dependencies(lock_path: Path = ROOT / "uv.lock") -> list[str]:
    """Returns the locked runtime dependencies of the project for this platform, sorted.

    The project's own `dependencies` and, recursively, theirs; a dependency whose environment
    marker does not hold here (another platform's) is left out, as it is not in this build.
    """
    from packaging.markers import Marker

    with open(lock_path, "rb") as handle:
        packages = {normalise(p["name"]): p for p in tomllib.load(handle)["package"]}
    wanted: list[str] = []
    pending = [normalise(d["name"]) for d in packages[PROJECT].get("dependencies", [])
               if _applies(d, Marker)]
    while pending:
        name = pending.pop()
        if name in wanted:
            continue
        wanted.append(name)
        pending += [normalise(d["name"]) for d in packages[name].get("dependencies", [])
                    if _applies(d, Marker)]
    return sorted(wanted)


def _applies(dependency: dict, marker_type) -> bool:
    marker = dependency.get("marker")
    return marker is None or marker_type(marker).evaluate()


def licence_of(meta) -> str:
    """Returns the licence as the metadata states it: SPDX expression, License, or classifiers."""
    expression = (meta.get("License-Expression") or "").strip()
    if expression:
        return expression
    stated = (meta.get("License") or "").strip()
    if stated and "\n" not in stated and len(stated) < 200:
        return stated
    classifiers = [c.split("::")[-1].strip() for c in meta.get_all("Classifier") or []
                   if c.startswith("License ::")]
    return " / ".join(classifiers) or (stated.splitlines()[0] if stated else "")


def homepage_of(meta) -> str:
    """Returns the project's home page (or source repository) from its metadata."""
    urls = {}
    for entry in meta.get_all("Project-URL") or []:
        label, _, url = entry.partition(",")
        urls[label.strip().lower()] = url.strip()
    for key in ("homepage", "home", "source", "repository", "github"):
        if urls.get(key):
            return urls[key]
    return (meta.get("Home-page") or "").strip() or next(iter(urls.values()), "")


def licence_texts(dist: metadata.Distribution) -> list[tuple[str, str]]:
    """Returns (file name, text) for the licence files the distribution ships.

    Its License-File entries first; else any LICENSE/COPYING/NOTICE file it installed.
    """
    files = [f for f in dist.files or []
             if not str(f).endswith((".py", ".pyc", ".so", ".pyd", ".dll"))]
    declared = dist.metadata.get_all("License-File") or []
    chosen = [f for f in files
              if any(str(f).replace("\\", "/").endswith("/" + d) for d in declared)]
    if not chosen:
        chosen = [f for f in files if LICENCE_FILE.match(Path(str(f)).name)
                  and (".dist-info" in str(f) or str(f).count("/") <= 1)]
    out, seen = [], set()
    for path in sorted(chosen, key=str):
        text = path.locate().read_text(encoding="utf-8", errors="replace").strip()
        if text and text not in seen:
            seen.add(text)
            out.append((str(path).split(".dist-info/")[-1], text))
    return out


def standard_texts(licence: str) -> list[tuple[str, str]]:
    """Returns the standard texts we ship for the licences named in `licence`."""
    out = []
    for spdx, files in TEXTS_FOR.items():
        if spdx in licence:
            for name in files:
                if all(existing != name for existing, _ in out):
                    out.append((name, (STANDARD_TEXTS / name).read_text(encoding="utf-8").strip()))
    return out


def dependency_notice(name: str) -> Notice:
    """Returns the notice for an installed distribution; raises LookupError when it has no text."""
    try:
        dist = metadata.distribution(name)
    except metadata.PackageNotFoundError:
        raise LookupError(f"{name} is locked as a runtime dependency but not installed here: "
                          "run `uv sync --locked` first.") from None
    meta = dist.metadata
    licence = licence_of(meta)
    if name in CHOSEN:
        licence = f"{CHOSEN[name]} (offered as {licence})"
    texts = licence_texts(dist) or standard_texts(licence)
    if not texts:
        raise LookupError(f"{name} {dist.version} ships no licence text and none is kept in "
                          f"{STANDARD_TEXTS.relative_to(ROOT)} for {licence!r}: add it there.")
    return Notice(normalise(name), dist.version, licence, homepage_of(meta), tuple(texts),
                  NOTES.get(name, ""))


def python_notice() -> Notice:
    """Returns the notice for the Python runtime a frozen build carries."""
    base = Path(sys.base_prefix)
    minor = f"python{sys.version_info.major}.{sys.version_info.minor}"
    for candidate in (base / "LICENSE.txt", base / "lib" / minor / "LICENSE.txt",
                      base / "Lib" / "LICENSE.txt", base / "share" / "doc" / minor / "LICENSE"):
        if candidate.is_file():
            text = candidate.read_text(encoding="utf-8", errors="replace").strip()
            break
    else:
        raise LookupError(f"The Python licence (LICENSE.txt) was not found under {base}.")
    version = ".".join(map(str, sys.version_info[:3]))
    return Notice("Python", version, "PSF-2.0", "https://www.python.org/",
                  (("LICENSE.txt", text),), "The Python interpreter and standard library.")


def bootloader_notice() -> Notice | None:
    """Returns the notice for PyInstaller's bootloader (the .exe files), when it is installed."""
    try:
        notice = dependency_notice("pyinstaller")
    except LookupError:
        return None
    return Notice(notice.name, notice.version, "GPL-2.0-or-later WITH Bootloader-exception",
                  notice.url, notice.texts,
                  "Only PyInstaller's bootloader is in the program (the .exe files that start "
                  "it); its licence's exception allows distributing it with any program.")


def collect_notices(lock_path: Path = ROOT / "uv.lock") -> list[Notice]:
    """Returns the notices: Python, PyInstaller's bootloader, then each runtime dependency."""
    notices = [python_notice()]
    bootloader = bootloader_notice()
    if bootloader is not None:
        notices.append(bootloader)
    notices += [dependency_notice(name) for name in runtime_dependencies(lock_path)]
    return notices


def render(notices: list[Notice]) -> str:
    """Returns the notices file: a summary table, then each component's licence texts."""
    rule = "=" * 78
    lines = [
        "Policy Consolidator - third-party software notices",
        "",
        "Policy Consolidator is released under the MIT licence (see LICENSE). It includes the",
        "following software, each under its own licence, reproduced below.",
        "",
    ]
    width = max(len(n.name) for n in notices)
    for n in notices:
        lines.append(f"  {n.name.ljust(width)}  {n.version:<12} {n.licence}")
    for n in notices:
        lines += ["", rule, f"{n.name} {n.version}", f"Licence: {n.licence}"]
        if n.url:
            lines.append(f"Home page: {n.url}")
        if n.note:
            lines += ["", n.note]
        for file_name, text in n.texts:
            lines += ["", f"--- {file_name} ---", "", text]
    return "\n".join(lines) + "\n"


def write_notices(path: Path, lock_path: Path = ROOT / "uv.lock") -> Path:
    """Returns `path` after writing the notices there (atomically, through the project's fileio)."""
    sys.path.insert(0, str(ROOT))
    from consolidator.fileio import write_text_atomic

    return write_text_atomic(path, render(collect_notices(lock_path)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-o", "--output", default=str(ROOT / "THIRD-PARTY-NOTICES.txt"))
    parser.add_argument("--lock", default=str(ROOT / "uv.lock"))
    args = parser.parse_args(argv)
    try:
        written = write_notices(Path(args.output), Path(args.lock))
    except LookupError as exc:
        print(f"make_notices: {exc}", file=sys.stderr)
        return 1
    print(f"Wrote {written}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
