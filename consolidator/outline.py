"""Numbers of a consolidated policy as the exported document shows them: headings (1 / 1.1 /
1.1.1) and clause lists (1. / (a) / (i), bullets) — one home, so that the Preview and the .docx
agree."""

from __future__ import annotations

from consolidator.model import BlockKind, ConsolidatedDocument, MergedSection
from consolidator.numerals import doubled_letters, roman_numeral

LIST_FORMATS = ("decimal", "lowerLetter", "lowerRoman")  # 1. / (a) / (i), then again
BULLETS = ("\u2022", "\u2013", "\u25e6")


def number_sections(sections: tuple[MergedSection, ...]) -> dict[str, tuple[str, int, str]]:
    """Returns section id -> (number as Word shows it "2.1", heading depth, title), in order.

    Depths below 3 are numbered as level 3, as their headings use Heading 3.
    """
    out: dict[str, tuple[str, int, str]] = {}
    counters = [0, 0, 0]
    stack = [(section, 1) for section in reversed(sections)]  # depth first, in order
    while stack:  # no recursive closure: consolidate() leaves no reference cycle behind
        section, depth = stack.pop()
        level = min(depth, 3)
        counters[level - 1] += 1
        for k in range(level, 3):
            counters[k] = 0
        number = ".".join(str(c) for c in counters[:level])
        out[section.id] = (number, depth, " ".join(section.title.split()))
        stack.extend((child, depth + 1) for child in reversed(section.children))
    return out


def section_numbers(doc: ConsolidatedDocument) -> dict[str, str]:
    """Returns each merged section's id mapped to its number ("2", "2.1", "2.1.3")."""
    return {sid: number for sid, (number, _depth, _title) in number_sections(doc.sections).items()}


def list_labels(doc: ConsolidatedDocument) -> dict[str, str]:
    """Returns clause id -> the list label Word shows before it ("3.", "(b)", "(ii)", a bullet)
    for every list item, as the export numbers them: a run of numbered items is one list that
    starts again at 1 after any other clause, and the lists of a document share their deeper
    counters (one numbering definition, as Word and LibreOffice count it)."""
    labels: dict[str, str] = {}
    counters: list[int | None] = [None] * 9
    in_list = restart = False
    for section in doc.iter_sections():
        for clause in section.clauses:
            if clause.kind is not BlockKind.LIST_ITEM:
                in_list = False
                continue
            level = max(0, min(clause.level, 8))
            if not clause.numbered:
                labels[clause.id] = BULLETS[level % 3]
                continue
            if not in_list:
                in_list, restart = True, True  # a new list: its first level starts again
            if level == 0 and restart:
                counters[0], restart = None, False
            labels[clause.id] = _label(counters, level)
        in_list = False  # a heading ends the list
    return labels


def _label(counters: list[int | None], level: int) -> str:
    for higher in range(level):
        if counters[higher] is None:
            counters[higher] = 1
    current = counters[level]
    counters[level] = 1 if current is None else current + 1
    for deeper in range(level + 1, len(counters)):
        counters[deeper] = None
    value = counters[level] or 1
    text = {"decimal": str(value), "lowerLetter": doubled_letters(value),
            "lowerRoman": roman_numeral(value)}[LIST_FORMATS[level % 3]]
    return f"{text}." if level % 3 == 0 else f"({text})"
