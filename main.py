"""Policy Consolidator launcher: the app by default, subcommands for headless use.

    python main.py [FILE ...]      open the app with these policies loaded
    python main.py --demo          open the app with the bundled sample policies
    python main.py extract|compare|merge ...   headless (see --help)
"""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and (args[0] in ("extract", "compare", "merge") or args[0] in ("-h", "--help")):
        from consolidator.cli import main as cli_main  # no Qt on the headless paths

        return cli_main(args)
    from ui.app import run_app

    return run_app(args)


if __name__ == "__main__":
    sys.exit(main())
