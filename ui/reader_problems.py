"""What the readers could not bring in, as Problems-dock entries grouped by kind ("Page headers
and footers not imported (4)"), each naming its policy."""

from __future__ import annotations

from collections.abc import Sequence

from consolidator.classification import classification_of
from consolidator.model import SourceDocument
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


def load_problems(docs: Sequence[SourceDocument]) -> list[Problem]:
    """Returns one entry per reader warning of each policy, grouped by the warning's kind."""
    problems = []
    for doc in docs:
        for warning in doc.warnings:
            count = f" ({warning.count} times)" if warning.count > 1 else ""
            problems.append(Problem(f"{doc.name}: {warning.message}{count}",
                                    ProblemTarget(doc.id), "warning",
                                    kind_title(warning.code, docs)))
    return problems
