"""tools/make_notices.py: the notices name every runtime dependency locked in uv.lock."""

import re
import subprocess
import sys
import tomllib

import pytest
from packaging.markers import Marker

from tests.conftest import ROOT


def locked_runtime_dependencies() -> set[str]:
    """Returns the project's runtime dependencies in uv.lock (recursively, for this platform)."""
    packages = {p["name"]: p for p in tomllib.loads((ROOT / "uv.lock").read_text())["package"]}

    def needed(entry: dict) -> bool:
        return "marker" not in entry or Marker(entry["marker"]).evaluate()

    found: set[str] = set()
    todo = [d["name"] for d in packages["policy-consolidator"]["dependencies"] if needed(d)]
    while todo:
        name = todo.pop()
        if name not in found:
            found.add(name)
            todo += [d["name"] for d in packages[name].get("dependencies", []) if needed(d)]
    return found


def make_notices(tmp_path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "tools" / "make_notices.py"),
                           "-o", str(tmp_path / "NOTICES.txt"), *args],
                          capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def notices(tmp_path_factory) -> str:
    folder = tmp_path_factory.mktemp("notices")
    result = make_notices(folder)
    assert result.returncode == 0, result.stderr
    return (folder / "NOTICES.txt").read_text(encoding="utf-8")


def summary(notices: str) -> dict[str, tuple[str, str]]:
    """Returns name -> (version, licence) from the table at the top of the notices."""
    table = notices.split("=" * 78)[0]
    rows = re.findall(r"^  (\S+)\s+(\S+)\s+(.+)$", table, re.MULTILINE)
    return {name: (version, licence) for name, version, licence in rows}


def test_every_locked_runtime_dependency_is_listed_with_its_version_and_a_licence_text(notices):
    listed = summary(notices)
    locked = {p["name"]: p["version"]
              for p in tomllib.loads((ROOT / "uv.lock").read_text())["package"]}
    for name in locked_runtime_dependencies():
        assert name in listed, f"{name} is a locked runtime dependency missing from the notices"
        assert listed[name][0] == locked[name]
        section = notices.split(f"\n{name} {locked[name]}\nLicence: ")[1].split("=" * 78)[0]
        assert "\n--- " in section, f"{name} has no licence text"
    assert "pytest" not in listed and "ruff" not in listed  # dev tools are not shipped


def test_python_qt_and_the_bootloader_carry_their_licences(notices):
    listed = summary(notices)
    assert listed["Python"][1] == "PSF-2.0"
    assert "PYTHON SOFTWARE FOUNDATION LICENSE VERSION 2" in notices
    assert listed["pyside6-essentials"][1].startswith("LGPL-3.0-only")
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in notices  # Qt ships no text: ours is used
    assert "Version 3, 29 June 2007" in notices
    assert "GPL-2.0-or-later WITH Bootloader-exception" in listed["pyinstaller"][1]


def test_a_locked_dependency_that_is_not_installed_fails_instead_of_writing_a_gap(tmp_path):
    lock = tmp_path / "uv.lock"
    lock.write_text('version = 1\n[[package]]\nname = "policy-consolidator"\nversion = "0.1"\n'
                    'dependencies = [{ name = "no-such-library" }]\n'
                    '[[package]]\nname = "no-such-library"\nversion = "1.0"\n')
    result = make_notices(tmp_path, "--lock", str(lock))
    assert result.returncode == 1
    assert "no-such-library is locked as a runtime dependency but not installed" in result.stderr
    assert not (tmp_path / "NOTICES.txt").exists()
