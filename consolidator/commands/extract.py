"""`extract FILE [--json]`: print what was read, as text or as the full structure."""

from __future__ import annotations

import json
import sys
from argparse import Namespace
from dataclasses import asdict
from enum import Enum

from consolidator.progress import Progress
from consolidator.readers import read_document


def run(args: Namespace, progress: Progress) -> int:
    doc = read_document(args.file, progress=progress)
    for warning in doc.warnings:
        count = f" ({warning.count} places)" if warning.count > 1 else ""
        print(f"{doc.name}: note: {warning.message}{count}", file=sys.stderr)
    if args.json:
        json.dump(_jsonable(asdict(doc)), sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(doc.plain_text() + "\n")
        for note in doc.notes:
            sys.stdout.write(f"[{note.kind.value} {note.label}] {note.text}\n")
    return 0


def _jsonable(value):
    """Returns `value` with enums as their values and tuples as lists, dropping empty defaults."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dict):
        return {
            k: _jsonable(v)
            for k, v in value.items()
            if v not in (None, "", (), [], {}) and not (k == "revision" and v == "none")
        }
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return value
