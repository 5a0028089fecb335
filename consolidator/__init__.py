"""Policy Consolidator core: read, compare, consolidate and export policies. Never imports Qt."""

from consolidator.errors import Cancelled, LoadError, WriteError
from consolidator.model import (
    Block,
    BlockKind,
    Cell,
    Note,
    Origin,
    ReaderWarning,
    Run,
    Section,
    SourceDocument,
    Table,
)
from consolidator.readers import read_document

__version__ = "0.1.0"

__all__ = [
    "Block",
    "BlockKind",
    "Cancelled",
    "Cell",
    "LoadError",
    "Note",
    "Origin",
    "ReaderWarning",
    "Run",
    "Section",
    "SourceDocument",
    "Table",
    "WriteError",
    "read_document",
    "__version__",
]
