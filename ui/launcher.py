"""Entry point for `python main.py` and the `policy-consolidator` console script.

Subcommands run headless through consolidator.cli without importing Qt and leave at once when
done (ui.process.leave_now); anything else opens the app.
"""

from __future__ import annotations

import sys

HEADLESS = ("extract", "compare", "merge", "review", "check", "-h", "--help")


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in HEADLESS:
        import gc

        gc.disable()  # a job's modules load without collections too (consolidator.cli.main)
        from consolidator.cli import main as cli_main
        from ui.process import leave_now

        leave_now(cli_main(args))
    from ui.app import run_app

    return run_app(args)
