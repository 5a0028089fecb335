"""Every keyboard shortcut of the app, in one place (Windows conventions)."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence

StandardKey = QKeySequence.StandardKey

# Each entry: a list of key sequences; the first is the one shown in menus.
ADD_POLICIES = [QKeySequence("Ctrl+O")]
NEW_SESSION = [QKeySequence("Ctrl+N")]
OPEN_SESSION: list[QKeySequence] = []
CLOSE_SESSION = [QKeySequence("Ctrl+W"), QKeySequence("Ctrl+F4")]
SAVE_SESSION = [QKeySequence("Ctrl+S")]
SAVE_SESSION_AS = [QKeySequence("Ctrl+Shift+S")]
EXPORT_POLICY = [QKeySequence("Ctrl+E")]
EXPORT_COMPARISON: list[QKeySequence] = []
EXIT = [QKeySequence("Alt+F4")]

UNDO = [QKeySequence("Ctrl+Z")]
REDO = [QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")]
FIND = [QKeySequence("Ctrl+F")]

VIEW_COMPARE = [QKeySequence("Ctrl+1")]
VIEW_CONSOLIDATE = [QKeySequence("Ctrl+2")]
VIEW_PREVIEW = [QKeySequence("Ctrl+3")]
VIEW_REVIEW = [QKeySequence("Ctrl+4")]

NEXT_CHANGE = [QKeySequence("Alt+Down"), QKeySequence("F7")]
PREVIOUS_CHANGE = [QKeySequence("Alt+Up"), QKeySequence("Shift+F7")]
NEXT_CONFLICT = [QKeySequence("Ctrl+F7")]

HELP = [QKeySequence("F1")]
PRINT = [QKeySequence("Ctrl+P")]

MOVE_UP = [QKeySequence("Ctrl+Up")]
MOVE_DOWN = [QKeySequence("Ctrl+Down")]
ACCEPT_TEXT = [QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter")]

REMOVE_SOURCE = [QKeySequence("Delete")]
RELOAD_SOURCE = [QKeySequence("F5")]
CANCEL_TASK = [QKeySequence("Esc")]

# Shown in Help > Keyboard shortcuts: (what it does, sequences).
TABLE: list[tuple[str, list[QKeySequence]]] = [
    ("New session", NEW_SESSION),
    ("Add policies", ADD_POLICIES),
    ("Save session", SAVE_SESSION),
    ("Save session as", SAVE_SESSION_AS),
    ("Close session", CLOSE_SESSION),
    ("Export Digital Policy", EXPORT_POLICY),
    ("Undo", UNDO),
    ("Redo", REDO),
    ("Find", FIND),
    ("Print, with a preview", PRINT),
    ("Show Compare", VIEW_COMPARE),
    ("Show Consolidate", VIEW_CONSOLIDATE),
    ("Show Preview", VIEW_PREVIEW),
    ("Show Review", VIEW_REVIEW),
    ("Next change", NEXT_CHANGE),
    ("Previous change", PREVIOUS_CHANGE),
    ("Next unresolved conflict", NEXT_CONFLICT),
    ("Move the selected clause or section up", MOVE_UP),
    ("Move the selected clause or section down", MOVE_DOWN),
    ("Accept the text being edited", ACCEPT_TEXT[:1]),
    ("Remove the selected policy", REMOVE_SOURCE),
    ("Reload the selected policy", RELOAD_SOURCE),
    ("Cancel the running task", CANCEL_TASK),
    ("Help", HELP),
    ("Exit", EXIT),
]


def text(sequences: list[QKeySequence]) -> str:
    """Returns the sequences as the user reads them ("Alt+Down or F7")."""
    return " or ".join(
        s.toString(QKeySequence.SequenceFormat.NativeText) for s in sequences
    )
