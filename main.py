"""Policy Consolidator launcher: the app by default, subcommands for headless use.

    python main.py [FILE ...]      open the app with these policies loaded
    python main.py --demo          open the app with the bundled sample policies
    python main.py extract|compare|merge ...   headless (see --help)
"""

import os
import sys

from ui.launcher import HEADLESS, main

if __name__ == "__main__":
    code = main()
    if sys.argv[1:2] and sys.argv[1] in HEADLESS:
        # A headless job has written and closed its files: leave without freeing the documents
        # one object at a time (a tenth of a second for a 400-page pair).
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
        os._exit(code)
    sys.exit(code)
