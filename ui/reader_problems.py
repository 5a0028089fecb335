"""What the readers could not bring in, as Problems-dock entries grouped by kind ("Page headers
and footers not imported (4)"), each naming its policy."""

from __future__ import annotations

from collections.abc import Sequence

from consolidator.classification import classification_of
from consolidator.model import SourceDocument
from ui.compare_versions import looks_like_versions
from ui.problems import Problem, ProblemTarget

KIND_TITLES = {
    "header-footer": "Page headers and footers not imported",
    "image": "Pictures not imported",
    "chart": "Charts left out",
    "smartart": "SmartArt diagrams left out",
    "embedded-object": "Embedded objects left out",
    "equation": "Equations read as plain text",
    "comment": "Comments not imported",
    "embedded-document": "Embedded documents left out",
    "unreadable-part": "Parts that could not be read",
}


def kind_title(code: str, docs: Sequence[SourceDocument]) -> str:
    """Returns the row title of a kind of reader warning; for page headers, what becomes of a
    protective marking they carry."""
    title = KIND_TITLES.get(code, code.replace("-", " ").capitalize())
    if code == "header-footer":
        marking = classification_of(docs)
        if marking:
            title += f": the \u201c{marking}\u201d marking goes into the export's header and footer"
    return title


def version_problems(docs: Sequence[SourceDocument]) -> list[Problem]:
    """Returns an entry for each pair of loaded policies that look like two versions of one
    policy (the same title, or file names differing only by a version): consolidating both
    would make their differences look like conflicts between policies."""
    problems = []
    for n, newer in enumerate(docs):
        for older in docs[:n]:
            if looks_like_versions(older, newer):
                problems.append(Problem(
                    f"{older.name} and {newer.name} look like two versions of one policy: "
                    "consolidating both reports their differences as conflicts. Remove the one "
                    "you do not want (compare them first in Compare).", ProblemTarget(newer.id),
                    "warning", "Policies that look like versions of one another"))
    return problems


def load_problems(docs: Sequence[SourceDocument]) -> list[Problem]:
    """Returns one entry per reader warning of each policy, grouped by the warning's kind, and
    the pairs of policies that look like versions of one another."""
    problems = version_problems(docs)
    for doc in docs:
        for warning in doc.warnings:
            count = f" ({warning.count} times)" if warning.count > 1 else ""
            problems.append(Problem(f"{doc.name}: {warning.message}{count}",
                                    ProblemTarget(doc.id), "warning",
                                    kind_title(warning.code, docs)))
    return problems
