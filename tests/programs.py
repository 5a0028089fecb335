"""Stand-in command-line programs (a fake LibreOffice, say) that every OS can run by their path."""

from __future__ import annotations

import sys
from pathlib import Path


def write_program(folder: Path, name: str, source: str) -> Path:
    """Returns the path of a program that runs the Python `source` with this interpreter.

    On POSIX it is `folder/name`, the source under a shebang line, made executable. Windows runs
    neither shebang scripts nor files without an extension, so there it is `folder/name.cmd`,
    which passes its arguments to `folder/name.py` and returns its exit status.
    """
    folder.mkdir(parents=True, exist_ok=True)
    if sys.platform == "win32":
        script = folder / f"{name}.py"
        script.write_text(source, encoding="utf-8")
        program = folder / f"{name}.cmd"
        program.write_text(f'@"{sys.executable}" "{script}" %*\n@exit /b %ERRORLEVEL%\n',
                           encoding="utf-8")
        return program
    program = folder / name
    program.write_text(f"#!{sys.executable}\n{source}", encoding="utf-8")
    program.chmod(0o755)
    return program
