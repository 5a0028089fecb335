"""The numbers the Digital Policy's headings carry ("2", "2.1"): one numbering for the writer,
the preview and the cross-references renumbered from provenance."""

from __future__ import annotations

from consolidator.model import MergedSection


def number_sections(sections: tuple[MergedSection, ...]) -> dict[str, tuple[str, int, str]]:
    """Returns section id -> (number as Word shows it "2.1", heading depth, title), in order.

    Depths below 3 are numbered as level 3, as their headings use Heading 3.
    """
    out: dict[str, tuple[str, int, str]] = {}
    counters = [0, 0, 0]
    stack = [(section, 1) for section in reversed(sections)]  # depth first, in order
    while stack:
        section, depth = stack.pop()
        level = min(depth, 3)
        counters[level - 1] += 1
        for k in range(level, 3):
            counters[k] = 0
        number = ".".join(str(c) for c in counters[:level])
        out[section.id] = (number, depth, " ".join(section.title.split()))
        stack.extend((child, depth + 1) for child in reversed(section.children))
    return out
