"""Heading numbers of a consolidated policy (1 / 1.1 / 1.1.1) as the exported document shows them."""

from __future__ import annotations

from consolidator.model import ConsolidatedDocument, MergedSection


def section_numbers(doc: ConsolidatedDocument) -> dict[str, str]:
    """Returns each merged section's id mapped to its number ("2", "2.1", "2.1.3")."""
    numbers: dict[str, str] = {}

    def walk(sections: tuple[MergedSection, ...], prefix: str) -> None:
        for position, section in enumerate(sections, start=1):
            number = f"{prefix}{position}"
            numbers[section.id] = number
            walk(section.children, number + ".")

    walk(doc.sections, "")
    return numbers
