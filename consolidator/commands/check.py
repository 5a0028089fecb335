"""`check FILE.docx`: the accessibility problems of a Word document, one a line."""

from __future__ import annotations

import sys
from argparse import Namespace
from pathlib import Path

from consolidator.accessibility import Finding, check_accessibility
from consolidator.progress import Progress

EXIT_OK = 0
EXIT_INACCESSIBLE = 4


def run(args: Namespace, progress: Progress) -> int:
    path = Path(args.file)
    findings = check_accessibility(path)
    print_findings(path.name, findings, sys.stdout)
    return EXIT_INACCESSIBLE if findings else EXIT_OK


def print_findings(name: str, findings: tuple[Finding, ...], stream) -> None:
    """Prints each finding on its own line, then a one-line verdict."""
    for finding in findings:
        print(f"{name}: {finding.message} [{finding.code}]", file=stream)
    if findings:
        noun = "problem" if len(findings) == 1 else "problems"
        print(f"Accessibility check: {len(findings)} {noun} in {name}.", file=stream)
    else:
        print(f"Accessibility check: no problems found in {name}.", file=stream)
