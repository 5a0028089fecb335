"""Word redline: the new document with real tracked changes (w:ins, w:del, w:moveFrom/w:moveTo).

This module reads the packages and saves the result; redline_xml.py builds the revision markup.
"""

from __future__ import annotations

import datetime as _dt
import zipfile
from pathlib import Path

from lxml import etree

from consolidator.diffing import (
    BlockPlan,
    DiffCounts,
    DiffOptions,
    DocumentDiff,
    Granularity,
    Tally,
    diff_documents,
    diff_rows,
    plan_blocks,
    section_flags,
)
from consolidator.errors import LoadError
from consolidator.fileio import write_atomic
from consolidator.model import SourceDocument, content_id
from consolidator.ooxml.clean import CleanPackage, clean_package
from consolidator.ooxml.names import W_NS
from consolidator.ooxml.parts import BLOCK_ELEMENTS, WordPackage
from consolidator.ooxml.safe import Package
from consolidator.parallel import Forked, can_fork
from consolidator.progress import CancelCheck, Progress, check_cancel, report
from consolidator.source_files import read_file_bytes, reread_unchanged
from consolidator.writers.redline_map import LazyBlockMap
from consolidator.writers.redline_xml import (
    BODY,
    TBL,
    Marker,
    P,
    block_elements,
    holds_hidden_text,
    holds_revisions,
    w,
)


def write_redline(
    diff: DocumentDiff,
    old: SourceDocument,
    new: SourceDocument,
    out_path: str | Path,
    *,
    author: str = "Policy Consolidator",
    date: _dt.datetime | None = None,
    progress: Progress | None = None,
    cancel: CancelCheck | None = None,
) -> Path:
    """Returns the path of the written redline: NEW's package with its body rebuilt from `diff`.

    `diff` must be diff_documents(old, new) (its rows hold old's and new's block objects).
    NEW's styles, numbering, page setup, headers and footers are kept; a NEW that is not a .docx
    is laid out on python-docx's default template. Accepting every change gives NEW's text,
    rejecting every change gives OLD's: so a diff that ignored case, spaces, punctuation or
    numbering is redone exactly first (a redline cannot leave a real difference unmarked).
    """
    report(progress, 0.0, "Writing the redline")
    if not diff.options.exact:
        diff = diff_documents(old, new, DiffOptions(granularity=diff.options.granularity),
                              cancel=cancel)
    redline = _Redline(old, new, author, date)
    check_cancel(cancel)
    report(progress, 0.3, "Writing the redline")
    children = redline.render(diff.rows, cancel=cancel)
    report(progress, 0.8, "Saving the redline")
    target = redline.save(children, out_path)
    report(progress, 1.0, "Redline saved")
    return target


def compare_to_redline(
    old: SourceDocument,
    new: SourceDocument,
    out_path: str | Path,
    *,
    granularity: Granularity = Granularity.WORD,
    author: str = "Policy Consolidator",
    date: _dt.datetime | None = None,
    progress: Progress | None = None,
    prepared: PreparedRedline | None = None,
) -> tuple[Path, DiffCounts]:
    """Returns the written redline of OLD against NEW (compared exactly) and the counts.

    The same file as diff_documents() then write_redline(), faster: for the command line. A
    large comparison is split in two at a row outside any move; a forked child diffs the words
    of the second half and renders its markup while this process does the first half (see
    consolidator.parallel: where no child can run, this process does both halves in turn).
    `prepared`: prepare_redline(OLD's path, NEW, ...) done beforehand (while OLD was read).
    """
    report(progress, 0.0, "Aligning paragraphs")
    plan = plan_blocks(old.blocks, new.blocks, DiffOptions(granularity=granularity))
    report(progress, 0.15, "Reading the documents' markup")
    if prepared is not None and prepared.redline.old_path == str(Path(old.path)) and \
            prepared.new is new:
        redline = prepared.redline
        redline.attach(old)
    else:
        redline = _Redline(old, new, author, date)
    middle = _split_point(plan)
    job = None
    if middle < len(plan):
        start = redline.position_after(plan, middle)

        def second_half() -> tuple[bytes, tuple[int, ...], list[tuple[bool, bool]]]:
            rows, tally = diff_rows(plan, middle, len(plan))
            redline.marker.next_id += _SECOND_HALF_IDS  # ids stay unique across the halves
            xml = redline.part_xml(redline.render(rows, start=start))
            return xml, tally.values(), section_flags(rows)

        job = Forked(second_half)
    report(progress, 0.3, "Comparing words")
    rows, tally = diff_rows(plan, 0, middle)
    flags = section_flags(rows)
    report(progress, 0.55, "Writing the redline")
    children = redline.render(rows, tail=job is None)
    # this process's part is serialized while the child may still be at work on its own
    xml = redline.main_xml(children, rest_follows=job is not None)
    rest = None
    if job is not None:
        report(progress, 0.75, "Writing the redline")
        rest, values, more_flags = job.result()
        tally = tally + Tally(*values)
        flags += more_flags
    report(progress, 0.85, "Saving the redline")
    target = redline.write(xml, out_path, rest)
    report(progress, 1.0, "Redline saved")
    return target, plan.counts(tally, flags)


class PreparedRedline:
    """NEW's and OLD's packages parsed for compare_to_redline, before OLD's blocks are at hand."""

    def __init__(self, old_path: str, new: SourceDocument, author: str,
                 date: _dt.datetime | None, parsed: dict | None = None) -> None:
        self.new = new
        self.redline = _Redline(str(old_path), new, author, date, parsed)


def prepare_redline(old_path: str | Path, new: SourceDocument, *,
                    author: str = "Policy Consolidator",
                    date: _dt.datetime | None = None,
                    parsed: dict | None = None) -> PreparedRedline:
    """Returns the parsed packages compare_to_redline needs, so that the parsing can be done
    while OLD is still being read (by a forked child: see commands/compare.py). `parsed`: NEW's
    main part as its reader parsed it (read_document's `main_part`), taken instead of parsing
    it again; it must not be used elsewhere afterwards (the redline rebuilds its body)."""
    return PreparedRedline(str(old_path), new, author, date, parsed)


_SPLIT_ABOVE = 1500  # rows: below this one process is quicker than two
# This process takes half: the child also serializes and sends its part, this one serializes
# its own part meanwhile (and then saves the whole).
_PARENT_SHARE = 0.50
_SECOND_HALF_IDS = 1 << 24  # revision ids of the second half start this far above the first's
_PLACEHOLDER = "policy-consolidator: second half"


def _split_point(plan: BlockPlan) -> int:
    """Returns the first row of the second half (len(plan) when there is no second half): near
    the middle, never inside a moved group (its move range must open and close in one half) nor
    inside a split or join (its paragraphs are written together)."""
    if len(plan) < _SPLIT_ABOVE or not can_fork():
        return len(plan)
    middle = int(len(plan) * _PARENT_SHARE)
    spans = plan.move_spans() + plan.group_spans()
    moved = True
    while moved:
        moved = False
        for first, last in spans:
            if first < middle <= last:
                middle, moved = last + 1, True
    return middle


class _Redline:
    """NEW's package parsed, both bodies' elements mapped to their blocks, and the marker."""

    def __init__(self, old: SourceDocument | str, new: SourceDocument, author: str,
                 date: _dt.datetime | None, parsed: dict | None = None) -> None:
        """`old` may be only OLD's path (the document itself is read elsewhere meanwhile):
        then attach(OLD) must follow before rendering. `parsed`: see prepare_redline."""
        when = (date or _dt.datetime.now(_dt.UTC)).strftime("%Y-%m-%dT%H:%M:%SZ")
        self.package = package = _base_package(new, parsed)
        self.root = package.main_root()
        self.body = body = self.root.find(BODY)
        if body is None:
            raise LoadError(f"{new.name} has no document body to mark changes in.",
                            path=new.path, reason="unsupported")
        self.old_path = str(Path(old)) if isinstance(old, str) else old.path
        if isinstance(old, str):  # OLD is being read meanwhile: checked in attach()
            old_data = _bytes_or_none(Path(old))
            self.old_id = content_id(old_data) if old_data is not None else ""
        else:
            old_data = reread_unchanged(old) if old.format == "docx" else None
            self.old_id = old.id
        self.old_body = old_body = _old_body(old_data, Path(self.old_path).name)
        styles = _style_ids(package.related_root("styles"))
        nums = _num_ids(package.related_root("numbering"))
        max_id = max((int(x) for x in body.xpath("//@w:id", namespaces={"w": W_NS})
                      if x.isdigit()), default=0)
        self.marker = marker = Marker(author, when, max_id + 1, styles, nums)
        marker.revisions = holds_revisions(body)
        self.elements = block_elements(body)
        self.mapping = LazyBlockMap(new.blocks, self.elements, plain=not holds_hidden_text(body),
                                    elements_read=(parsed or {}).get(BLOCK_ELEMENTS))
        if old_body is not None:
            self.old_elements = block_elements(old_body)
            self.old_plain = not holds_hidden_text(old_body)
        self.sect = body.find(w("sectPr"))
        if not isinstance(old, str):
            self.attach(old)

    def attach(self, old: SourceDocument) -> None:
        """Maps OLD's blocks to its elements, found on demand; raises LoadError when the file
        read for its markup is not the one its blocks were read from."""
        if old.format == "docx" and self.old_id != old.id:
            raise LoadError(f"{old.name} changed on disk while it was being compared. Run the "
                            "comparison again.", path=old.path, reason="changed")
        if self.old_body is not None and old.format == "docx" and old.path == self.old_path:
            self.marker.old_map = LazyBlockMap(old.blocks, self.old_elements, self.old_plain)

    def render(self, rows, *, start: int = 0, tail: bool = True,
               cancel: CancelCheck | None = None) -> list[etree._Element]:
        """Returns the body content for `rows` (a part of the body: see Marker.render_rows)."""
        return self.marker.render_rows(rows, self.elements, self.mapping, cancel, start, tail)

    def position_after(self, plan: BlockPlan, row: int) -> int:
        """Returns the element position where the part of the body from `row` on starts."""
        for step in range(row - 1, -1, -1):
            found = self.mapping.get(id(plan.right_block(step)))
            if found is not None:
                return found[0] + 1
        return 0

    def part_xml(self, children: list[etree._Element]) -> bytes:
        """Returns the serialized children: the last part of the body, for save() to splice in."""
        holder = etree.Element(BODY, nsmap=self.root.nsmap)
        holder.extend(children)
        if children and children[-1].tag == TBL:
            holder.append(etree.Element(P))
        xml = etree.tostring(holder, encoding="UTF-8", xml_declaration=False)
        if not len(holder):
            return b""
        return xml[xml.index(b">") + 1:xml.rindex(b"</")]

    def save(self, children: list[etree._Element], out_path: str | Path,
             rest: bytes | None = None) -> Path:
        """Returns the written redline: the body replaced by `children` (then `rest`, the
        serialized last part of the body, when it was rendered apart) and NEW's final sectPr."""
        return self.write(self.main_xml(children, rest is not None), out_path, rest)

    def main_xml(self, children: list[etree._Element], rest_follows: bool) -> bytes:
        """Returns the serialized main part with `children` as its body (and, `rest_follows`,
        a placeholder where write() puts the serialized last part of the body)."""
        body = self.body
        for child in list(body):
            body.remove(child)
        body.extend(children)
        if rest_follows:
            body.append(etree.Comment(_PLACEHOLDER))
        elif children and children[-1].tag == TBL:
            body.append(etree.Element(P))
        if self.sect is not None:
            body.append(self.sect)
        return etree.tostring(self.root, xml_declaration=True, encoding="UTF-8", standalone=True)

    def write(self, xml: bytes, out_path: str | Path, rest: bytes | None = None) -> Path:
        """Returns the written redline: the main part `xml` (main_xml's, `rest` put in its
        placeholder) with the package's other parts."""
        if rest is not None:
            xml = xml.replace(f"<!--{_PLACEHOLDER}-->".encode(), rest, 1)
        members = self.package.members({self.package.main_part: xml})
        return write_atomic(out_path, lambda handle: _write_zip(handle, members))


# --- package ---------------------------------------------------------------------------------


def _base_package(new: SourceDocument, parsed: dict | None = None) -> CleanPackage:
    """Returns NEW's .docx (as read: its bytes are checked against NEW's hash), cut down to the
    parts a redline may copy; python-docx's blank document for a NEW that is not a .docx.
    `parsed`: parts of NEW already parsed from those same bytes (see prepare_redline)."""
    if new.format == "docx":
        return clean_package(WordPackage(Package(reread_unchanged(new), new.name), parsed))
    return clean_package(WordPackage(Package(_default_template(), "the blank document")))


def _default_template() -> bytes:
    import importlib.util

    spec = importlib.util.find_spec("docx")  # python-docx's blank document, not importing it
    assert spec is not None and spec.submodule_search_locations
    return (Path(spec.submodule_search_locations[0]) / "templates" / "default.docx").read_bytes()


def _bytes_or_none(path: Path) -> bytes | None:
    """Returns the file's bytes (bounded, regular files only), or None when it can't be read:
    the reader, reading it meanwhile, says why."""
    try:
        return read_file_bytes(path)
    except LoadError:
        return None


def _old_body(data: bytes | None, name: str) -> etree._Element | None:
    """Returns the body of the Word document in `data` (its main part found through the
    relationships, every read bounded), or None when it is not a readable Word document."""
    if data is None or not data.startswith(b"PK"):
        return None
    try:
        package = WordPackage(Package(data, name))
        return package.xml(package.main_part()).find(BODY)
    except LoadError:
        return None


def _style_ids(styles: etree._Element | None) -> dict[str, str]:
    """Returns NEW's paragraph styles as {id: id, name: id} (lower-case keys)."""
    out: dict[str, str] = {}
    if styles is None:
        return out
    for style in styles.iter(w("style")):
        sid = style.get(w("styleId"))
        if not sid:
            continue
        out[sid.lower()] = sid
        name = style.find(w("name"))
        if name is not None and name.get(w("val")):
            out.setdefault(name.get(w("val")).lower(), sid)
    return out


def _num_ids(numbering: etree._Element | None) -> set[str]:
    if numbering is None:
        return set()
    return {num.get(w("numId")) for num in numbering.iter(w("num"))}


def _write_zip(handle, members: list[tuple[str, bytes]]) -> None:
    with zipfile.ZipFile(handle, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name, data in members:
            archive.writestr(name, data)
