"""Writes resources/templates/digital-policy-template.docx, the bundled house-style template."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from consolidator.fileio import write_bytes_atomic  # noqa: E402
from consolidator.writers.docx_template import BUNDLED_TEMPLATE, build_template_bytes  # noqa: E402


def main() -> int:
    """Returns 0 after writing the template (byte-identical on every run)."""
    BUNDLED_TEMPLATE.parent.mkdir(parents=True, exist_ok=True)
    write_bytes_atomic(BUNDLED_TEMPLATE, build_template_bytes())
    print(f"wrote {BUNDLED_TEMPLATE} ({BUNDLED_TEMPLATE.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
