"""A comparison as one document, for reading in one pane and for printing: the newer text with
the changes marked as Word's tracked changes are (words taken out struck through, words put in
underlined, moves in their own colour), or the two sides in a table. Plain Python over a
ComparePresentation; the colours are passed in."""

from __future__ import annotations

import html

from consolidator.diffing import RowKind, SpanOp
from ui.compare_model import LINE_SEPARATOR, ComparePresentation, RowPresentation, SideText
from ui.theme import ChangeColours


def _styles(colours: ChangeColours) -> dict[str, str]:
    return {
        "ins": f"color:{colours.inserted_fg.name()};background-color:"
               f"{colours.inserted_bg.name()};text-decoration:underline",
        "del": f"color:{colours.deleted_fg.name()};background-color:"
               f"{colours.deleted_bg.name()};text-decoration:line-through",
        "moved-from": f"color:{colours.moved_fg.name()};text-decoration:line-through",
        "moved-to": f"color:{colours.moved_fg.name()};text-decoration:underline",
    }


def _escape(text: str) -> str:
    return html.escape(text).replace(LINE_SEPARATOR, "<br/>")


def _marked(side: SideText, style: dict[str, str], op: SpanOp) -> str:
    """Returns a side's text with its spans of `op` in the style of that op."""
    out = []
    for span in side.spans:
        piece = _escape(side.text[span.start:span.end])
        out.append(piece if span.op is SpanOp.EQUAL else
                   f"<span style='{style['ins' if op is SpanOp.INSERT else 'del']}'>{piece}"
                   "</span>")
    return "".join(out) or _escape(side.text)


def inline_changes(left: SideText, right: SideText, style: dict[str, str]) -> str:
    """Returns one text with the left side's deletions and the right side's insertions in
    reading order, between the words both share."""
    old, new = list(left.spans), list(right.spans)
    if sum(s.op is SpanOp.EQUAL for s in old) != sum(s.op is SpanOp.EQUAL for s in new):
        # the sides do not pair up word for word: all of the old, then all of the new
        return (f"<span style='{style['del']}'>{_escape(left.text)}</span> "
                f"<span style='{style['ins']}'>{_escape(right.text)}</span>")
    out: list[str] = []
    i = j = 0
    while i < len(old) or j < len(new):
        while i < len(old) and old[i].op is not SpanOp.EQUAL:
            out.append(f"<span style='{style['del']}'>"
                       f"{_escape(left.text[old[i].start:old[i].end])}</span>")
            i += 1
        while j < len(new) and new[j].op is not SpanOp.EQUAL:
            out.append(f"<span style='{style['ins']}'>"
                       f"{_escape(right.text[new[j].start:new[j].end])}</span>")
            j += 1
        if i < len(old) and j < len(new):
            out.append(_escape(right.text[new[j].start:new[j].end]))
            i += 1
            j += 1
    return "".join(out)


def _row_text(row: RowPresentation, style: dict[str, str]) -> tuple[str, SideText | None]:
    """Returns a row as one marked text, and the side whose layout (heading, list) it takes."""
    left, right = row.left, row.right
    if row.kind is RowKind.CHANGED and left is not None and right is not None:
        return inline_changes(left, right, style), right
    if row.kind is RowKind.MOVED_FROM and left is not None:
        where = row.partner_section or "the opening text"
        return (f"<span style='{style['moved-from']}'>{_escape(left.text)}</span> "
                f"<i>(moved to {html.escape(where)})</i>", left)
    if row.kind is RowKind.MOVED_TO and right is not None:
        where = row.partner_section or "the opening text"
        return (f"<span style='{style['moved-to']}'>{_marked(right, style, SpanOp.INSERT)}"
                f"</span> <i>(moved from {html.escape(where)})</i>", right)
    if right is not None:
        if row.kind is RowKind.INSERTED:
            return f"<span style='{style['ins']}'>{_escape(right.text)}</span>", right
        return _marked(right, style, SpanOp.INSERT), right
    if left is not None:  # deleted, or a further old part of a join
        return f"<span style='{style['del']}'>{_escape(left.text)}</span>", left
    return "", None


def _paragraph(row: int, content: str, side: SideText | None) -> str:
    anchor = f"<a name='r{row}'></a>"
    if side is not None and side.heading_level:
        level = min(side.heading_level, 4) + 1
        return f"<h{level}>{anchor}{content}</h{level}>"
    indent = 18 * side.indent if side is not None else 0
    margin = f" style='margin-left:{indent}px'" if indent else ""
    return f"<p{margin}>{anchor}{content}</p>"


def tracked_html(presentation: ComparePresentation, colours: ChangeColours, title: str = "",
                 ) -> str:
    """Returns the comparison as one document with the changes marked (anchors "r<row>")."""
    style = _styles(colours)
    parts = [f"<h1>{html.escape(title)}</h1>"] if title else []
    parts.append(f"<p><i>Words taken out are <span style='{style['del']}'>struck through"
                 f"</span>, words put in <span style='{style['ins']}'>underlined</span>, moved "
                 f"text <span style='{style['moved-to']}'>in this colour</span>.</i></p>")
    for n, row in enumerate(presentation.rows):
        content, side = _row_text(row, style)
        parts.append(_paragraph(n, content, side))
    return "\n".join(parts)


def side_by_side_html(presentation: ComparePresentation, colours: ChangeColours,
                      left_title: str, right_title: str, title: str = "") -> str:
    """Returns the comparison as a two-column table (for printing the side-by-side view)."""
    style = _styles(colours)
    head = (f"<tr><th width='50%' align='left'>{html.escape(left_title)}</th>"
            f"<th width='50%' align='left'>{html.escape(right_title)}</th></tr>")
    rows = []
    for row in presentation.rows:
        left = _marked(row.left, style, SpanOp.DELETE) if row.left is not None else \
            html.escape(row.note)
        right = _marked(row.right, style, SpanOp.INSERT) if row.right is not None else \
            html.escape(row.note)
        if row.kind is RowKind.DELETED and row.left is not None:
            left = f"<span style='{style['del']}'>{_escape(row.left.text)}</span>"
        if row.kind is RowKind.INSERTED and row.right is not None:
            right = f"<span style='{style['ins']}'>{_escape(row.right.text)}</span>"
        rows.append(f"<tr><td valign='top'>{left}</td><td valign='top'>{right}</td></tr>")
    heading = f"<h1>{html.escape(title)}</h1>" if title else ""
    return (f"{heading}<table border='1' cellspacing='0' cellpadding='4' width='100%' "
            f"style='border-collapse:collapse'>{head}{''.join(rows)}</table>")
