"""HTML comparison report: one standalone page, side by side, with word highlights and a summary."""

from __future__ import annotations

from html import escape
from pathlib import Path

from consolidator.diffing import DiffRow, DocumentDiff, RowKind, Span, SpanOp
from consolidator.fileio import write_text_atomic
from consolidator.model import Block

# Colour-blind-safe pair (blue / orange, Okabe-Ito), always with strike/underline too; moves purple;
# a split or join neutral grey with a pilcrow where the paragraph break was added or removed.
CSS = """
body{font-family:"DejaVu Sans",Calibri,Arial,sans-serif;margin:1.5em;color:#222}
h1{font-size:1.4em;margin:0 0 .3em}
.summary{margin:.5em 0 1em;padding:.6em .8em;background:#f4f4f4;border:1px solid #ddd}
.summary span{margin-right:1.5em}
table.diff{border-collapse:collapse;width:100%;table-layout:fixed}
table.diff th{background:#eee;text-align:left;padding:.3em .5em;border:1px solid #ccc}
table.diff td{vertical-align:top;padding:.25em .5em;border:1px solid #e2e2e2;
  white-space:pre-wrap;word-wrap:break-word}
td.n{width:2.5em;color:#888;text-align:right;font-size:.85em}
tr.equal td{color:#444}
tr.changed td.l,tr.deleted td.l{background:#fff3e6}
tr.changed td.r,tr.inserted td.r{background:#e8f1fb}
tr.moved-from td.l,tr.moved-to td.r{background:#f3eaf7}
tr.split td.l,tr.split td.r,tr.joined td.l,tr.joined td.r{background:#f1f1ee}
.pb{color:#555;background:#dcdcd6;font-weight:bold;padding:0 .15em;border-radius:2px}
.pbnote{font-size:.8em;color:#666;font-style:italic}
del{color:#a64d00;background:#ffd9b3;text-decoration:line-through}
ins{color:#00468c;background:#cfe3fa;text-decoration:underline}
.mv{font-size:.8em;color:#6a3d7c;font-weight:bold}
.heading{font-weight:bold}
.legend del,.legend ins{padding:0 .3em}
"""


def write_html_report(diff: DocumentDiff, out_path: str | Path, *, title: str = "") -> Path:
    """Returns the path of the written report (inline CSS, no scripts, every text escaped)."""
    return write_text_atomic(out_path, render_html(diff, title=title))


def render_html(diff: DocumentDiff, *, title: str = "") -> str:
    """Returns the report as one HTML string."""
    title = title or f"Comparison of {diff.left_title or 'old'} and {diff.right_title or 'new'}"
    c = diff.counts
    parts = [
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">",
        f"<title>{escape(title)}</title><style>{CSS}</style></head><body>",
        f"<h1>{escape(title)}</h1>",
        "<div class=\"summary\">",
        f"<span><b>{c.insertions}</b> insertion{'s' * (c.insertions != 1)}</span>",
        f"<span><b>{c.deletions}</b> deletion{'s' * (c.deletions != 1)}</span>",
        f"<span><b>{c.moves}</b> move{'s' * (c.moves != 1)}</span>",
        f"<span><b>{c.changed_blocks}</b> changed paragraph{'s' * (c.changed_blocks != 1)}</span>",
        f"<span><b>{c.changed_sections}</b> changed "
        f"section{'s' * (c.changed_sections != 1)}</span>",
        *([f"<span><b>{c.splits}</b> paragraph split{'s' * (c.splits != 1)}</span>"]
          if c.splits else []),
        *([f"<span><b>{c.joins}</b> paragraph join{'s' * (c.joins != 1)}</span>"]
          if c.joins else []),
        *([f"<span><b>{c.inserted_rows}</b> table row{'s' * (c.inserted_rows != 1)} added"
           "</span>"] if c.inserted_rows else []),
        *([f"<span><b>{c.deleted_rows}</b> table row{'s' * (c.deleted_rows != 1)} removed"
           "</span>"] if c.deleted_rows else []),
        "<span class=\"legend\"><del>deleted</del> <ins>inserted</ins> "
        "<span class=\"mv\">moved</span> "
        f"{PILCROW} paragraph split or joined</span>",
        "</div>",
        "<table class=\"diff\"><colgroup><col style=\"width:2.5em\"><col>"
        "<col style=\"width:2.5em\"><col></colgroup>",
        f"<tr><th></th><th>{escape(diff.left_title or 'Old')}</th><th></th>"
        f"<th>{escape(diff.right_title or 'New')}</th></tr>",
    ]
    left_n = right_n = 0
    for row in diff.rows:
        left_n += row.left is not None
        right_n += row.right is not None
        parts.append(_row(row, left_n if row.left is not None else None,
                          right_n if row.right is not None else None))
    parts.append("</table></body></html>\n")
    return "".join(parts)


PILCROW = "<span class=\"pb\">\u00b6</span>"


def _row(row: DiffRow, left_n: int | None, right_n: int | None) -> str:
    left = _cell(row.left, row.left_spans, row, row.left_breaks)
    right = _cell(row.right, row.right_spans, row, row.right_breaks)
    return (f"<tr class=\"{row.kind.value}\"><td class=\"n\">{left_n or ''}</td>"
            f"<td class=\"l\">{left}</td><td class=\"n\">{right_n or ''}</td>"
            f"<td class=\"r\">{right}</td></tr>")


def _cell(block: Block | None, spans: tuple[Span, ...], row: DiffRow,
          breaks: tuple[int, ...] = ()) -> str:
    if block is None:
        if row.kind is RowKind.MOVED_FROM:
            return f"<span class=\"mv\">moved below (move {row.move_id})</span>"
        if row.kind is RowKind.MOVED_TO:
            return f"<span class=\"mv\">moved from above (move {row.move_id})</span>"
        if row.kind is RowKind.SPLIT:
            return "<span class=\"pbnote\">\u2191 part of the paragraph above</span>"
        if row.kind is RowKind.JOINED:
            return "<span class=\"pbnote\">\u2191 joined into the paragraph above</span>"
        return ""
    text = block.display_text
    out = []
    if row.move_id:
        where = "from here" if row.kind is RowKind.MOVED_FROM else "to here"
        out.append(f"<span class=\"mv\">[moved {where}, move {row.move_id}]</span> ")
    whole = row.left if row.kind is RowKind.SPLIT else row.right
    if row.group and block is whole:
        count = len(breaks) + 1
        what = f"split into {count}" if row.kind is RowKind.SPLIT else f"joined from {count}"
        out.append(f"<span class=\"pbnote\">[{what} paragraphs]</span> ")
    marks = sorted(breaks)  # a pilcrow goes before the character at each break offset
    for span in spans or (Span(SpanOp.EQUAL, 0, len(text)),):
        pos = span.start
        for at in [m for m in marks if span.start <= m < span.end] + [span.end]:
            piece = escape(text[pos:at])
            if piece and span.op is SpanOp.DELETE:
                out.append(f"<del>{piece}</del>")
            elif piece and span.op is SpanOp.INSERT:
                out.append(f"<ins>{piece}</ins>")
            else:
                out.append(piece)
            if at < span.end:
                out.append(PILCROW)
            pos = at
    out.extend(PILCROW for m in marks if m >= len(text))
    body = "".join(out)
    if block.kind.value == "heading":
        body = f"<span class=\"heading\">{body}</span>"
    return body
