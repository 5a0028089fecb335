"""The packaged (PyInstaller one-folder) app builds, starts offscreen, loads the samples and exits.

It takes ~20 s and ~240 MB of disk, so it runs in CI (CI=true) or when asked
(POLICY_CONSOLIDATOR_BUILD_CHECK=1); elsewhere it is skipped with that reason.
"""

import os
import re
import subprocess
import sys

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.skipif(
    not (os.environ.get("CI") or os.environ.get("POLICY_CONSOLIDATOR_BUILD_CHECK")),
    reason="the frozen build check runs in CI (set CI=true or POLICY_CONSOLIDATOR_BUILD_CHECK=1)",
)


@pytest.fixture(scope="module")
def frozen_app(tmp_path_factory):
    pytest.importorskip("PyInstaller")
    out = tmp_path_factory.mktemp("frozen")
    result = subprocess.run(
        [sys.executable, "-m", "PyInstaller", str(ROOT / "packaging" / "policy_consolidator.spec"),
         "--noconfirm", "--distpath", str(out / "dist"), "--workpath", str(out / "build")],
        cwd=ROOT, capture_output=True, text=True, errors="replace", timeout=900,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    name = "PolicyConsolidator.exe" if sys.platform == "win32" else "PolicyConsolidator"
    exe = out / "dist" / "PolicyConsolidator" / name
    assert exe.is_file()
    return exe


def console_program(frozen_app):
    suffix = ".exe" if sys.platform == "win32" else ""
    return frozen_app.parent / f"policy-consolidator{suffix}"


def test_the_bundle_holds_the_licence_and_the_third_party_notices(frozen_app):
    folder = frozen_app.parent
    assert "MIT License" in (folder / "LICENSE.txt").read_text(encoding="utf-8")
    notices = (folder / "THIRD-PARTY-NOTICES.txt").read_text(encoding="utf-8")
    for component in ("Python", "pyside6-essentials", "python-docx", "lxml"):
        assert re.search(rf"^  {component} ", notices, re.MULTILINE), component
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in notices


def test_the_bundle_holds_no_gpl_library_and_no_unused_qt_plugin(frozen_app):
    files = [p.relative_to(frozen_app.parent).as_posix().lower()
             for p in frozen_app.parent.rglob("*")]
    gpl = [f for f in files if re.search(r"(^|/)(libreadline|libhistory|libgdbm|readline\.|"
                                         r"_gdbm\.)", f)]
    assert not gpl, f"GPL libraries in the bundle: {gpl}"
    unused = [f for f in files if re.search(r"plugins/(tls|networkinformation|platformthemes/"
                                            r"[^/]*gtk3)", f) or "libgtk-3" in f]
    assert not unused, f"unused Qt plugins in the bundle: {unused}"
    dangling = [p for p in frozen_app.parent.rglob("*") if p.is_symlink() and not p.exists()]
    assert not dangling, dangling


@pytest.mark.timeout(1200)
def test_frozen_app_starts_offscreen_loads_the_samples_and_exits_cleanly(frozen_app):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run([str(frozen_app), "--smoke-test"], capture_output=True, text=True,
                            errors="replace", timeout=120, env=env)
    assert result.returncode == 0, result.stderr
    assert "4 of 4 sample policies loaded" in result.stderr


@pytest.mark.timeout(300)
@pytest.mark.parametrize("program", ["app", "console"])
def test_frozen_app_runs_the_headless_merge(frozen_app, tmp_path, program):
    exe = frozen_app if program == "app" else console_program(frozen_app)
    out = tmp_path / "Digital Policy.docx"
    result = subprocess.run([str(exe), "merge", "--demo", "-o", str(out)],
                            capture_output=True, text=True, errors="replace", timeout=120)
    assert result.returncode == 0, result.stderr
    assert out.stat().st_size > 10_000
    assert "Coverage:" in result.stdout


@pytest.mark.timeout(120)
def test_the_console_program_returns_the_documented_exit_codes(frozen_app, tmp_path):
    cli = console_program(frozen_app)
    missing = subprocess.run([str(cli), "extract", str(tmp_path / "Nowhere.docx")],
                             capture_output=True, text=True, errors="replace", timeout=60)
    assert missing.returncode == 3
    assert "Nowhere.docx was not found" in missing.stderr
    usage = subprocess.run([str(cli), "compare", "only-one.docx"], capture_output=True,
                           text=True, errors="replace", timeout=60)
    assert usage.returncode == 2
    helped = subprocess.run([str(cli), "--help"], capture_output=True, text=True,
                            errors="replace", timeout=60)
    assert helped.returncode == 0 and "merge" in helped.stdout


@pytest.mark.timeout(300)
def test_frozen_app_reads_a_pdf_with_pdfium(frozen_app, tmp_path):
    from tests.core.pdf_build import line, simple_pdf

    pdf = tmp_path / "Policy.pdf"
    pdf.write_bytes(simple_pdf([[line(100, "Staff must follow Order No. 117^1^ always."),
                                 line(700, "^1^ The Public Records Order.", 9)]]))
    result = subprocess.run([str(frozen_app), "extract", str(pdf)], capture_output=True,
                            text=True, errors="replace", timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["Staff must follow Order No. 117¹ always.",
                                          "[footnote 1] The Public Records Order."]


@pytest.mark.timeout(300)
def test_frozen_console_program_runs_the_review(frozen_app, tmp_path):
    from tests.conftest import SAMPLE_FILES

    cli = console_program(frozen_app)
    approved = tmp_path / "Digital Policy 1.0.docx"
    merged = subprocess.run([str(cli), "merge", "--demo", "-o", str(approved)],
                            capture_output=True, text=True, errors="replace", timeout=120)
    assert merged.returncode == 0, merged.stderr
    new, changes = tmp_path / "Digital Policy 1.1.docx", tmp_path / "Changes.docx"
    result = subprocess.run([str(cli), "review", str(approved), *map(str, SAMPLE_FILES),
                             "-o", str(new), "--redline", str(changes)],
                            capture_output=True, text=True, errors="replace", timeout=120)
    assert result.returncode == 0, result.stderr
    assert "Next version: 1.1" in result.stdout
    assert new.is_file() and changes.is_file()
