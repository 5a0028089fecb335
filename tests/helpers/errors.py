"""An exception with a real traceback, as sys.exc_info() gives it to an exception hook."""

import sys


def raise_and_catch():
    """Returns sys.exc_info() of a RuntimeError raised and caught here."""
    try:
        raise RuntimeError("deliberate failure for the test")
    except RuntimeError:
        return sys.exc_info()
