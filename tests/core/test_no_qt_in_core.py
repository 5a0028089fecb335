"""The core must never import Qt: the CLI starts fast and the core stays testable without a GUI."""

import subprocess
import sys

from tests.conftest import ROOT


def test_importing_the_core_loads_no_qt_module():
    code = (
        "import sys, consolidator, consolidator.cli, consolidator.readers\n"
        "import pkgutil, importlib\n"
        "for m in pkgutil.walk_packages(consolidator.__path__, 'consolidator.'):\n"
        "    importlib.import_module(m.name)\n"
        "qt = sorted(n for n in sys.modules if n.startswith(('PySide6', 'shiboken6')))\n"
        "print(','.join(qt))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "", f"the core imported Qt modules: {result.stdout}"


def test_writers_and_the_shared_ooxml_layer_never_import_a_reader():
    """Readers and writers share consolidator.ooxml; a writer reaching into a reader's
    internals would tie the output to how one format happens to be read."""
    import ast

    offenders = []
    for folder in ("writers", "ooxml"):
        for path in (ROOT / "consolidator" / folder).glob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                names = ([a.name for a in node.names] if isinstance(node, ast.Import) else
                         [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
                offenders += [f"{folder}/{path.name}: {n}" for n in names
                              if n.startswith("consolidator.readers")]
    assert offenders == []
