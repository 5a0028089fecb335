"""The one-page summary of a review for committee: what changed in the Digital Policy, where each
change came from, and the conflicts new in this version; in the house style."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from consolidator.fileio import write_bytes_atomic
from consolidator.writers import ooxml
from consolidator.writers.docx_template import open_template, prepare_template
from consolidator.writers.policy_docx import LANGUAGE, PolicyWriter

DELETE, INSERT, EQUAL = "delete", "insert", "equal"


@dataclass(frozen=True)
class ChangeLine:
    """One change as the summary lists it: "Email Policy 5.3 changed: ..." with its words."""

    where: str  # "Email Policy 5.3"
    verb: str  # "changed", "added on generative AI tools", "removed", "moved"
    segments: tuple[tuple[str, str], ...]  # (EQUAL | DELETE | INSERT, text), in reading order
    note: str = ""  # why the policy's text does not follow the change ("" when it does)


@dataclass(frozen=True)
class ReviewSummary:
    """What the summary says (built by consolidator.review.pack)."""

    title: str  # "Digital Policy: changes in version 1.1"
    intro: str
    facts: tuple[tuple[str, str], ...]  # (label, value) rows of the table at the top
    changes: tuple[ChangeLine, ...]
    not_listed: str  # "" or a sentence on the changes left off the page
    conflicts: tuple[str, ...]  # conflicts new in this version, in plain English
    closing: tuple[str, ...]  # closing paragraphs (the companion documents, notes)
    author: str = "Policy Consolidator"


def write_review_summary(summary: ReviewSummary, out_path: str | Path, *,
                         template: Path | None = None) -> Path:
    """Returns the path of the summary .docx written (atomically) from `summary`."""
    document = open_template(template)
    styles = prepare_template(document)
    writer = PolicyWriter(document, styles)
    body = [writer.heading(summary.title, 1, numbered=False),
            writer.text(summary.intro)]
    body.append(writer.grid(["Detail", "Value"], [list(row) for row in summary.facts],
                            [38, 62], caption="Review at a glance",
                            description="The approved version, the version proposed and the "
                                        "review dates."))
    body.append(writer.heading("What changed", 2, numbered=False))
    if summary.changes:
        body.append(writer.text("Each change with the source policy and section it comes from; "
                                "words struck through were removed, words underlined were "
                                "added."))
        body += [_change_paragraph(line, writer) for line in summary.changes]
    else:
        body.append(writer.text("Nothing in the policy's text changed since approval."))
    if summary.not_listed:
        body.append(writer.text(summary.not_listed))
    body.append(writer.heading("Conflicts new in this version", 2, numbered=False))
    body += writer.bullets(list(summary.conflicts)) if summary.conflicts else \
        [writer.text("None: the current policies raise no conflict the approved version did "
                     "not have.")]
    body += [writer.text(text) for text in summary.closing]
    writer.replace_body(body)
    styles.finish()
    _set_properties(document, summary)
    buffer = io.BytesIO()
    document.save(buffer)
    return write_bytes_atomic(out_path, buffer.getvalue())


def _change_paragraph(line: ChangeLine, writer: PolicyWriter) -> str:
    """Returns a bullet: the place and verb in bold, then the words, deletions struck through
    and insertions underlined (and so named for a screen reader by the words around them)."""
    runs = [ooxml.run(f"{line.where} {line.verb}: ", bold=True)]
    for op, text in line.segments:
        if op == DELETE:
            runs.append(ooxml.run(text, strike=True, color="9C2A00"))
        elif op == INSERT:
            runs.append(ooxml.run(text, underline=True, bold=True, color="1F4E79"))
        else:
            runs.append(ooxml.run(text))
    if line.note:
        runs.append(ooxml.run(f" ({line.note})", italic=True))
    return ooxml.paragraph("".join(runs), style=writer.ids["ListBullet"],
                           numbering=ooxml.Numbering(writer.styles.bullets(), 0))


def _set_properties(document, summary: ReviewSummary) -> None:
    props = document.core_properties
    now = datetime.now(UTC).replace(microsecond=0, tzinfo=None)
    props.title = summary.title[:255]
    props.subject = "Summary of changes for committee"
    props.author = summary.author[:255]
    props.last_modified_by = props.author
    props.category = "Policy"
    props.revision = 1
    props.created = now
    props.modified = now
    props.language = LANGUAGE
    ooxml.set_default_language(document.styles.element, LANGUAGE)
