"""Policy Consolidator launcher: the app by default, subcommands for headless use.

    python main.py [FILE ...]      open the app with these policies loaded
    python main.py --demo          open the app with the bundled sample policies
    python main.py extract|compare|merge|check ...   headless (see --help)
"""

import sys

from ui.launcher import main

if __name__ == "__main__":
    sys.exit(main())
