"""Signs of stapling in a consolidated Digital Policy, counted the way a policy officer reads it.

`staples(doc)` counts, in the body of the merged policy: purpose statements, scope statements,
definitions tables (and whether they are sorted and free of repeated terms), sentences and
headings naming a policy this one supersedes, title-page residue, disciplinary-consequence
sentences and the sections holding them, typed numbers left in headings, numbered
cross-references (stale once the policy is renumbered), and residual redundancy (share of body
paragraphs with a near-duplicate elsewhere in the body: rapidfuzz token_set_ratio >= 90 and the
shorter holding at least 60% of the longer's distinct words).

The patterns here are the measure's own, written for it: they do not ask the engine what it
thinks a purpose or a scope statement is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields

from rapidfuzz import fuzz

from consolidator.model import ConsolidatedDocument

_PURPOSE = re.compile(
    r"^(?:this (?:digital )?(?:policy|guidance)\b[^.]{0,40}\b(?:sets out|explains|describes|"
    r"aims|is intended|exists)|the (?:purpose|aims?) of this (?:policy|guidance)|"
    r"this (?:policy|guidance) is (?:for|about))", re.IGNORECASE)
_SCOPE = re.compile(r"\b(?:this|the) (?:digital )?(?:policy|guidance) (?:applies|covers)\b|"
                    r"^it (?:applies|covers)\b", re.IGNORECASE)
_APPLICABILITY = re.compile(r"\bapplies only to\b|^this chapter\b", re.IGNORECASE)
_RESIDUE = re.compile(
    r"^(?:none\.?|back(?: to (?:top|contents))?|\[[^\]]*\]|tbc|tbd|n/?a|to be confirmed|"
    r"(?:policy )?owner\b.*|approval date.*|approved by\b.*|version:? \d.*|"
    r"(?:last )?updated:? .*|classification:? .*|official(?:[ -]sensitive)?)$", re.IGNORECASE)
_DISCIPLINARY = re.compile(r"\b(?:disciplinary|dismissal|gross misconduct)\b", re.IGNORECASE)
_TYPED_NUMBER = re.compile(r"^\(?\d+(?:\.\d+)*[.)]?\s")
_CROSS_REFERENCE = re.compile(
    r"\b(?:section|paragraph|clause|sections)\s+\d+(?:\.\d+)*\b|"
    r"\b(?:see|in|under|at)\s+\d+\.\d+(?:\.\d+)*\b", re.IGNORECASE)
_CHANNEL_POLICY = re.compile(
    r"\b(?:this|the|our|separate|other)\s+(?:e-?mail|internet(?: use)?|social media|"
    r"mobile (?:phone|device)s?|web|acceptable use)\s+polic(?:y|ies)\b|\bseparate policies\b",
    re.IGNORECASE)
_WORD = re.compile(r"[a-z0-9']+")
_DOCUMENT_WORD = re.compile(r"\s*\b(?:policy|policies|guidance|guide|standard|procedure)\b")


@dataclass(frozen=True)
class Staples:
    purpose: int
    scope: int
    definitions_tables: int
    definitions_sorted: bool
    duplicated_terms: int
    superseded: int  # sentences and headings naming a superseded policy
    residue: int
    disciplinary: int
    disciplinary_sections: int
    typed_heading_numbers: int
    cross_references: int
    redundancy: float  # share of body paragraphs with a near-duplicate elsewhere

    def rows(self) -> list[tuple[str, str]]:
        return [(f.name.replace("_", " "), _show(getattr(self, f.name))) for f in fields(self)]


def _show(value) -> str:
    if isinstance(value, float):
        return f"{100 * value:.1f}%"
    return str(value)


def staples(doc: ConsolidatedDocument) -> Staples:
    """Returns the signs of stapling in `doc`'s body (see the module docstring)."""
    clauses = [(section, c) for section in doc.iter_sections() for c in section.clauses]
    prose = [(s, c) for s, c in clauses if c.table is None]
    titles = [s.title for s in doc.iter_sections()]
    terms, tables, ordered = _definitions(c for _, c in clauses)
    disciplinary = [(s.id, c) for s, c in prose if _DISCIPLINARY.search(c.text)]
    return Staples(
        purpose=sum(1 for _, c in prose if _PURPOSE.search(c.text.strip())),
        scope=sum(1 for _, c in prose if _SCOPE.search(c.text)
                  and not _APPLICABILITY.search(c.text)),
        definitions_tables=tables,
        definitions_sorted=ordered,
        duplicated_terms=len(terms) - len(set(terms)),
        superseded=sum(1 for _, c in prose if _names_superseded(c.text, doc))
        + sum(1 for t in titles if _names_superseded(t, doc)),
        residue=sum(1 for _, c in prose if _RESIDUE.match(" ".join(c.text.split()))),
        disciplinary=len(disciplinary),
        disciplinary_sections=len({sid for sid, _ in disciplinary}),
        typed_heading_numbers=sum(1 for t in titles if _TYPED_NUMBER.match(t)),
        cross_references=sum(len(_CROSS_REFERENCE.findall(c.text)) for _, c in prose),
        redundancy=_redundancy([c.text for _, c in prose]),
    )


def _names_superseded(text: str, doc: ConsolidatedDocument) -> bool:
    """Returns True when the text names a source policy as a document: its title (with the
    word that says it is a document, in the title or right after it: "Email Security Guide"),
    or "this email policy"."""
    lowered = " ".join(text.lower().split())
    for source in doc.sources:
        title = " ".join(source.title.lower().split())
        at = lowered.find(title) if len(title) > 6 else -1
        if at >= 0 and (_DOCUMENT_WORD.search(title)
                        or _DOCUMENT_WORD.match(lowered, at + len(title))):
            return True
    return bool(_CHANNEL_POLICY.search(text))


def _definitions(clauses) -> tuple[list[str], int, bool]:
    """Returns (every term defined in a definitions table, the number of such tables, whether
    each is in alphabetical order)."""
    terms: list[str] = []
    tables = 0
    ordered = True
    for clause in clauses:
        table = clause.table
        if table is None or not table.rows or len(table.rows[0]) != 2:
            continue
        head = [cell.text.strip().lower() for cell in table.rows[0]]
        if head[0] not in ("term", "word", "definition", "term used") or head[1] not in (
                "meaning", "definition", "description", "what it means"):
            continue
        tables += 1
        column = [" ".join(row[0].text.lower().split()) for row in table.rows[1:] if row]
        ordered = ordered and column == sorted(column)
        terms.extend(column)
    return terms, tables, ordered


def _redundancy(texts: list[str]) -> float:
    """Returns the share of paragraphs (of six words or more) with a near-duplicate."""
    texts = [t for t in texts if len(t.split()) >= 6]
    if not texts:
        return 0.0
    words = [set(_WORD.findall(t.lower())) for t in texts]
    flagged: set[int] = set()
    for i in range(len(texts)):
        for j in range(i + 1, len(texts)):
            short, long = sorted((words[i], words[j]), key=len)
            if not long or len(short & long) < 0.6 * len(long):
                continue
            if fuzz.token_set_ratio(texts[i], texts[j]) >= 90:
                flagged.update((i, j))
    return len(flagged) / len(texts)
