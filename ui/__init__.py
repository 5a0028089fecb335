"""PySide6 widgets, item models, undo commands and workers over the consolidator core."""
