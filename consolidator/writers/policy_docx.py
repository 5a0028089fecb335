"""Exports the consolidated Digital Policy as a committee-ready .docx built on a template."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.parser import parse_xml

from consolidator.consolidation.control_conflicts import control_conflicts
from consolidator.consolidation.link_targets import (
    HeadingTargets,
    clause_runs,
    is_external,
    web_address,
)
from consolidator.fileio import write_bytes_atomic
from consolidator.metadata import PolicyMetadata
from consolidator.model import (
    BlockKind,
    ConsolidatedDocument,
    MergedClause,
    MergedSection,
    OpenConflict,
    Revision,
    Run,
    Table,
)
from consolidator.outline import number_sections  # noqa: F401 (re-exported for callers)
from consolidator.progress import CancelCheck, Progress, check_cancel, report
from consolidator.requirement_ids import labels_next
from consolidator.writers import ooxml
from consolidator.writers.docx_template import (
    NAVY,
    TEXT_WIDTH,
    TemplateStyles,
    open_template,
    prepare_template,
)
from consolidator.writers.ooxml import CellSpec, Numbering, w
from consolidator.writers.record_part import attach_custom_xml

LANGUAGE = "en-GB"  # the document's language, for screen readers and spelling


COMMENT_AUTHOR = "Policy Consolidator"


def export_policy(
    doc: ConsolidatedDocument,
    out_path: str | Path,
    metadata: PolicyMetadata,
    *,
    template: Path | None = None,
    progress: Progress | None = None,
    cancel: CancelCheck | None = None,
    record: bytes | None = None,
) -> Path:
    """Returns the path of the Digital Policy .docx written (atomically) from `doc`.

    The file holds a title page, document control, contents (a TOC field listing the headings;
    writers.toc_pages adds their page numbers), the numbered policy, Appendix A (where each
    section came from) and Appendix B (what was removed or reworded). Each conflict still
    undecided (between two clauses, or between a clause and the document control) is a Word
    comment on every clause it names, so is each wording still to check (near-identical
    wordings merged), and the document control says how many of each there are.
    `template` is a user's .docx/.dotx; None uses the bundled house style. `record`
    (consolidator.review.record.record_to_xml) is embedded as a custom XML part: the session the
    policy came from, for its next review. Raises LoadError for an unusable template, WriteError
    when the target cannot be written (the old file is then left as it was), Cancelled when
    `cancel()` turns true.
    """
    from consolidator.writers import appendices

    report(progress, 0.0, "Opening the template")
    document = open_template(Path(template) if template is not None else None)
    styles = prepare_template(document)
    check_cancel(cancel)
    writer = PolicyWriter(document, styles)
    undecided = doc.open_conflicts + tuple(
        c.as_open_conflict() for c in control_conflicts(doc, metadata))
    writer.comment_on(undecided)
    writer.note_on(doc.open_notes)
    writer.link_headings(doc)
    numbers = number_sections(doc.sections)
    toc_entries = [(min(depth, 3), f"{number}\u2003{title}") for number, depth, title in
                   numbers.values()]
    toc_entries += [(1, f"{letter}\u2003{title}") for letter, title in appendices.APPENDICES]

    body: list[str] = []
    body += appendices.title_page(metadata, writer)
    body += appendices.document_control(metadata, doc.sources, writer, len(undecided),
                                        len(doc.open_notes))
    body += appendices.contents(toc_entries, writer)
    report(progress, 0.1, "Writing the policy")
    total = max(1, len(doc.sections))
    for index, section in enumerate(doc.sections):
        check_cancel(cancel)
        writer.section(body, section, depth=1, first=index == 0)
        report(progress, 0.1 + 0.7 * (index + 1) / total, f"Writing {section.title}")
    report(progress, 0.8, "Writing the appendices")
    body += appendices.provenance_appendix(doc, numbers, writer)
    body += appendices.changes_appendix(doc, numbers, writer)
    check_cancel(cancel)

    writer.replace_body(body)
    styles.finish()
    writer.add_running_heads(metadata)
    ooxml.clear_update_fields(document.settings.element)  # no "update fields?" on every open
    ooxml.set_list_separator(document.settings.element)  # the contents' style list, read as written
    set_properties(document, metadata, doc)
    if record is not None:
        attach_custom_xml(document, record)
    report(progress, 0.9, "Saving")
    buffer = io.BytesIO()
    document.save(buffer)
    check_cancel(cancel)
    path = write_bytes_atomic(out_path, buffer.getvalue())
    report(progress, 1.0, f"Saved {path.name}")
    return path


@dataclass
class PolicyWriter:
    """Turns merged sections and clauses into body XML for one document, tracking its links."""

    document: Document
    styles: TemplateStyles

    def __post_init__(self) -> None:
        self.ids = self.styles.ids
        self._links: dict[str, str] = {}
        self.width = _text_width(self.document)
        self._comments: dict[str, list[str]] = {}  # clause id -> comment texts
        self._targets: HeadingTargets | None = None  # where the sources' headings are now
        self._documents: list[str] = []  # the policies of the clause being written
        self._bookmarks: dict[str, int] = {}  # section or clause id -> its bookmark's number

    def link_headings(self, doc: ConsolidatedDocument) -> None:
        """Makes the sources' links to their own headings point where those headings are now
        (link_targets): each heading a link names gets a bookmark; other links inside a source
        go plain."""
        self._targets = HeadingTargets(doc)
        for section in doc.iter_sections():
            for clause in section.clauses:
                documents = [r.document_id for r in clause.sources]
                for run in clause_runs(clause):
                    target = run.hyperlink or ""
                    held_by = self._targets.target_holder(target, documents) if target else None
                    if held_by is not None and held_by not in self._bookmarks:
                        self._bookmarks[held_by] = len(self._bookmarks) + 1

    def bookmarked(self, target_id: str, content: str) -> str:
        """Returns heading content wrapped in the bookmark links point at, if any link does."""
        number = self._bookmarks.get(target_id)
        if number is None:
            return content
        return ooxml.bookmark(_bookmark_name(number), 1000 + number, content)

    def comment_on(self, conflicts: tuple[OpenConflict, ...]) -> None:
        """Makes each conflict a Word comment on every clause it names, when they are written."""
        for conflict in conflicts:
            for clause_id in dict.fromkeys(conflict.clause_ids):
                self._comments.setdefault(clause_id, []).append(
                    f"Undecided: {conflict.reason} Both wordings are printed until one is "
                    "chosen.")

    def note_on(self, notes: tuple[OpenConflict, ...]) -> None:
        """Makes each note not yet answered a Word comment on the clause it is about."""
        for note in notes:
            for clause_id in dict.fromkeys(note.clause_ids):
                self._comments.setdefault(clause_id, []).append(
                    f"To check: {note.reason} The wording printed is to be confirmed.")

    def commented(self, clause_id: str, content: str) -> str:
        """Returns paragraph content with the clause's comments anchored on it."""
        notes = self._comments.get(clause_id)
        if not notes:
            return content
        ids = [self.document.comments.add_comment(text, author=COMMENT_AUTHOR,
                                                  initials="PC").comment_id for text in notes]
        return ooxml.comment_range(ids, content)

    # -- words ----------------------------------------------------------------------------

    def runs(self, runs: tuple[Run, ...]) -> str:
        """Returns runs as XML, consecutive runs with one link target grouped in one w:hyperlink."""
        out: list[str] = []
        index, count = 0, len(runs)
        while index < count:
            current = runs[index]
            if current.revision is Revision.DELETED:
                index += 1
                continue
            if not current.hyperlink:
                out.append(ooxml.run(current.text, bold=current.bold, italic=current.italic,
                                     underline=current.underline, strike=bool(current.strike)))
                index += 1
                continue
            target, group = self.live_target(current.hyperlink), []
            style = self.ids["Hyperlink"] if target else ""
            while index < count and runs[index].hyperlink == current.hyperlink:
                r = runs[index]
                if r.revision is not Revision.DELETED:
                    group.append(ooxml.run(r.text, bold=r.bold, italic=r.italic,
                                           underline=r.underline, style=style,
                                           strike=bool(r.strike)))
                index += 1
            out.append(self.link(target, "".join(group)) if target else "".join(group))
        return "".join(out)

    def live_target(self, target: str) -> str:
        """Returns where a source's link goes in the policy: "#name" of a bookmark on the heading
        (or merged policy) it pointed at, an external address as it is, "" for a link that
        would be dead."""
        if is_external(target):
            return web_address(target)
        held_by = self._targets.target_holder(target, self._documents) if self._targets else None
        number = self._bookmarks.get(held_by or "")
        return "#" + _bookmark_name(number) if number else ""

    def link(self, target: str, runs_xml: str) -> str:
        """Returns a hyperlink: to a bookmark for "#name", else to an external address."""
        if target.startswith("#"):
            return ooxml.anchor_link(target[1:], runs_xml)
        rel_id = self._links.get(target)
        if rel_id is None:
            rel_id = self.document.part.relate_to(target, RT.HYPERLINK, is_external=True)
            self._links[target] = rel_id
        return ooxml.hyperlink(rel_id, runs_xml)

    def text(self, text: str, style: str = "Normal", **options) -> str:
        """Returns a paragraph of plain text in a house-style role."""
        return ooxml.paragraph(ooxml.run(text), style=self.ids[style], **options)

    # -- structure ------------------------------------------------------------------------

    def heading(self, title: str, depth: int, *, numbered: bool = True, label: bool = False,
                page_break_before: bool = False, content: str = "") -> str:
        """Returns a Heading 1-3 paragraph; unnumbered ones (appendices, labels) switch
        numbering off. A `label` (a source's sub-section heading) is a Sub-heading 2-6: a
        heading at its level that the contents leave out.
        `content` replaces the title's plain run (a heading with comments on it)."""
        style = self.ids[f"Label{min(max(depth, 2), 6)}" if label else f"Heading{min(depth, 3)}"]
        return ooxml.paragraph(
            content or ooxml.run(" ".join(title.split())), style=style,
            numbering=None if numbered else Numbering(0, 0),
            page_break_before=page_break_before,
        )

    def section(self, out: list[str], section: MergedSection, *, depth: int, first: bool) -> None:
        """Appends a section's heading, clauses and subsections to `out`."""
        title = self.bookmarked(section.id, ooxml.run(" ".join(section.title.split())))
        out.append(self.heading(section.title, depth, page_break_before=first, content=title))
        self.clauses(out, section.clauses, depth=depth, context=section.title)
        for child in section.children:
            self.section(out, child, depth=depth + 1, first=False)

    def clauses(self, out: list[str], clauses: tuple[MergedClause, ...], *, depth: int = 1,
                context: str = "") -> None:
        """Appends clauses: prose, numbered clauses (restarting after prose), bullets, tables.

        A heading among the clauses is an unnumbered heading one level below its section's
        (deeper for a sub-section's own sub-sections); a requirement's identifier
        ("POL.ITAUP.001") is a line kept with the rule under it, not a bullet of its own;
        tables are captioned after their section (`context`).
        """
        numbered_list = 0
        for n, clause in enumerate(clauses):
            self._documents = [r.document_id for r in clause.sources]
            content = self.commented(clause.id, self.runs(clause.runs))
            if labels_next(clause, clauses[n + 1] if n + 1 < len(clauses) else None,
                            clauses[n - 1] if n else None):
                out.append(ooxml.paragraph(content, style=self.ids["Normal"], keep_next=True,
                                           space_after=0))
                numbered_list = 0
                continue
            if clause.kind is BlockKind.LIST_ITEM:
                level = max(0, min(clause.level, 8))
                if clause.numbered:
                    if not numbered_list:
                        numbered_list = self.styles.new_numbered_list()
                    out.append(ooxml.paragraph(content, style=self.ids["ListNumber"],
                                               numbering=Numbering(numbered_list, level)))
                else:
                    out.append(ooxml.paragraph(
                        content, style=self.ids["ListBullet"],
                        numbering=Numbering(self.styles.bullets(), level)))
                continue
            numbered_list = 0
            if clause.table is not None:
                out.append(self.table(clause.table, caption=context))
                out.append(ooxml.paragraph(content, style=self.ids["Normal"], space_after=0))
            elif clause.kind is BlockKind.HEADING:
                title = ooxml.run(" ".join(clause.text.split()))
                nesting = max(1, clause.level)  # the label's depth among the section's
                out.append(self.heading(clause.text, depth + nesting, numbered=False, label=True,
                                        content=self.bookmarked(clause.id,
                                                                self.commented(clause.id, title))))
            else:
                out.append(ooxml.paragraph(content, style=self.ids["Normal"]))

    def table(self, table: Table, *, caption: str = "") -> str:
        """Returns a source table in the house table style, its first row as the header row.

        Its caption is `caption` (the section's title); its description names its columns.
        """
        columns = max((sum(c.col_span for c in row) for row in table.rows), default=1) or 1
        widths = _split(self.width, [1] * columns)
        rows = []
        for r, row in enumerate(table.rows):
            cells = []
            for cell in row:
                paragraphs = []
                for block in cell.blocks:
                    if block.table is not None:
                        lines = block.text_lines()
                        paragraphs += [self.cell_text(line, header=r == 0) for line in lines]
                        continue
                    if r == 0:
                        paragraphs.append(self.cell_text(block.display_text, header=True))
                        continue
                    label = f"{block.label}\t" if block.label else ""
                    content = (ooxml.run(label) if label else "") + self.runs(block.runs)
                    paragraphs.append(ooxml.paragraph(content, style=self.ids["TableText"]))
                cells.append(CellSpec(tuple(paragraphs), span=max(1, cell.col_span),
                                      fill=NAVY if r == 0 else ""))
            rows.append(cells)
        return ooxml.table(rows, widths, style=self.ids["PolicyTable"], header_rows=1,
                           caption=" ".join(caption.split()) or "Table",
                           description=table_description(table))

    def cell_text(self, text: str, *, header: bool = False, bold: bool | None = None) -> str:
        """Returns a table-cell paragraph (white bold on the navy header row)."""
        if header:
            return ooxml.paragraph(ooxml.run(text, bold=True, color="FFFFFF"),
                                   style=self.ids["TableText"], keep_next=True)
        return ooxml.paragraph(ooxml.run(text, bold=bold), style=self.ids["TableText"])

    def grid(self, header: list[str], rows: list[list[str | list[str]]], fractions: list[int],
             *, caption: str, description: str = "") -> str:
        """Returns a table of text with a header row; a cell given as a list has one line each."""
        widths = _split(self.width, fractions)
        specs = [[CellSpec((self.cell_text(h, header=True),), fill=NAVY) for h in header]]
        for row in rows:
            cells = []
            for value in row:
                lines = value if isinstance(value, list) else [value]
                cells.append(CellSpec(tuple(self.cell_text(line) for line in lines)))
            specs.append(cells)
        return ooxml.table(specs, widths, style=self.ids["PolicyTable"], header_rows=1,
                           caption=caption,
                           description=description or f"{caption}: {_columns(header)}.")

    def bullets(self, items: list[str]) -> list[str]:
        """Returns bullet paragraphs."""
        return [ooxml.paragraph(ooxml.run(item), style=self.ids["ListBullet"],
                                numbering=Numbering(self.styles.bullets(), 0)) for item in items]

    def _style_tabs(self, role: str) -> tuple[int, ...]:
        """Returns the tab-stop positions a paragraph style defines itself."""
        for style in self.document.styles.element.iter(w("style")):
            if style.get(w("styleId")) == self.ids[role]:
                return tuple(int(t.get(w("pos"))) for t in style.iter(w("tab")))
        return ()

    # -- the package ------------------------------------------------------------------------

    def replace_body(self, paragraphs: list[str]) -> None:
        """Replaces the template's body content with `paragraphs`, keeping its final section."""
        body = self.document.element.body
        final = body.find(w("sectPr"))
        for child in list(body):
            body.remove(child)
        new = parse_xml(ooxml.fragment("".join(paragraphs)))
        body.extend(list(new))
        if final is None:
            final = parse_xml(ooxml.fragment(ooxml.a4_section()))[0]
        body.append(final)

    def add_running_heads(self, metadata: PolicyMetadata) -> None:
        """Adds a header (title, version) and footer (Page X of Y) unless the template has its own.

        The title page gets neither (a different first page).
        """
        section = self.document.sections[-1]
        sect_pr = section._sectPr
        has_header = sect_pr.find(w("headerReference")) is not None
        has_footer = sect_pr.find(w("footerReference")) is not None
        if has_header and has_footer:
            return
        section.different_first_page_header_footer = True
        right = f"Version {metadata.version} \u00b7 {metadata.status}"
        title = " ".join(metadata.title.split())
        if metadata.council:
            title = f"{title} \u00b7 {metadata.council}"
        marking = metadata.classification.strip()
        if not has_header:
            section.header.is_linked_to_previous = False
            section.first_page_header.is_linked_to_previous = False
            head = self.marking(marking, "Header")
            _fill(section.header._element, head + ooxml.running_header(
                title, right, style=self.ids["Header"], tab_pos=self.width,
                style_tabs=self._style_tabs("Header") or (4513, 9026)))
            if head:  # the title page too carries the marking
                _fill(section.first_page_header._element, head)
        if not has_footer:
            section.footer.is_linked_to_previous = False
            section.first_page_footer.is_linked_to_previous = False
            foot = self.marking(marking, "Footer")
            _fill(section.footer._element, ooxml.page_x_of_y(style=self.ids["Footer"]) + foot)
            if foot:
                _fill(section.first_page_footer._element, foot)

    def marking(self, text: str, role: str) -> str:
        """Returns the protective marking as a centred bold line ("" for none)."""
        if not text:
            return ""
        return ooxml.paragraph(ooxml.run(text, bold=True), style=self.ids[role], align="center")


def set_properties(document: Document, metadata: PolicyMetadata,
                   doc: ConsolidatedDocument) -> None:
    """Sets the core properties (title, subject, author, version, status, keywords, dates,
    language) and the default language of the text."""
    props = document.core_properties
    now = datetime.now(UTC).replace(microsecond=0, tzinfo=None)
    sources = ", ".join(s.title for s in doc.sources if s.title)
    props.title = _fit(metadata.title)
    props.subject = _fit(f"Consolidated policy replacing: {sources}" if sources
                         else metadata.title)
    props.author = _fit(metadata.author or metadata.owner or "Policy Consolidator")
    props.last_modified_by = props.author
    props.keywords = _fit(", ".join(metadata.keywords))
    props.version = _fit(metadata.version)
    props.content_status = metadata.status
    props.category = "Policy"
    props.comments = _fit(f"{metadata.council} \u00b7 version {metadata.version}".strip(" \u00b7"))
    props.revision = 1
    props.created = now
    props.modified = now
    props.language = LANGUAGE
    ooxml.set_default_language(document.styles.element, LANGUAGE)


def table_description(table: Table) -> str:
    """Returns a table's alternative text: its size and the columns its header row names."""
    header = table.rows[0] if table.rows else ()
    names = [" ".join(cell.text.split()) for cell in header]
    rows = max(0, len(table.rows) - 1)
    size = f"{rows} row{'s' if rows != 1 else ''}"
    if any(names):
        return f"Table of {size} with the columns {_columns(names)}."
    return f"Table of {size}."


def _columns(names: list[str]) -> str:
    """Returns column names as a list a sentence can hold: "A, B and C"."""
    names = [n for n in names if n] or ["(unnamed)"]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


CORE_PROPERTY_LIMIT = 255  # characters Word (and python-docx) allow in a core property


def _fit(text: str) -> str:
    """Returns `text` cut to the core-property limit, with an ellipsis when cut."""
    if len(text) <= CORE_PROPERTY_LIMIT:
        return text
    return text[: CORE_PROPERTY_LIMIT - 1].rstrip(" ,") + "\u2026"


def _fill(story, paragraph_xml: str) -> None:
    """Replaces the content of a header or footer with one paragraph."""
    for child in list(story):
        story.remove(child)
    story.extend(list(parse_xml(ooxml.story_root("hdr", paragraph_xml))))


def _split(width: int, fractions: list[int]) -> list[int]:
    """Returns column widths in twips proportional to `fractions`, summing to `width`."""
    total = sum(fractions)
    widths = [width * f // total for f in fractions]
    widths[-1] += width - sum(widths)
    return widths


def _text_width(document: Document) -> int:
    """Returns the width between the margins of the template's last section, in twips."""
    section = document.sections[-1]
    try:
        width = section.page_width - section.left_margin - section.right_margin
        return max(2000, int(width / 635))  # EMU -> twips
    except TypeError:
        return TEXT_WIDTH


def _bookmark_name(number: int) -> str:
    return f"_Link{number}"  # hidden in Word's Bookmark list, as its own _Toc and _Ref ones are
