"""Writes the golden sessions and the fingerprints of their exports (tests/data/golden/).

    uv run python tools/make_golden_sessions.py [--exports-only]

Each session holds decisions of one family, made on the bundled samples' draft by the code of
the day it was run: exclusions and moves; section edits (add, split, merge, rename, reorder);
wordings (a variant chosen, both kept, the author's own text, an edited combined wording, the
front matter included). tests/core/test_golden_sessions.py applies them as `merge --session`
does and checks that every part of the export is byte for byte what it was: a refactoring of the
decision engine must not change what the author gets. Run this again only for a deliberate change
of behaviour, and say so in the commit; --exports-only keeps the saved sessions (made by older
code, which must still apply whole) and fingerprints their exports anew.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
import zipfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from consolidator.consolidation.align import align_sections  # noqa: E402
from consolidator.consolidation.clauses import analyse_clauses  # noqa: E402
from consolidator.consolidation.merge import consolidate  # noqa: E402
from consolidator.consolidation.plan import (  # noqa: E402
    ClauseStatus,
    Decision,
    DecisionKind,
    MergePlan,
    split_section_id,
)
from consolidator.metadata import PolicyMetadata  # noqa: E402
from consolidator.paths import sample_policies  # noqa: E402
from consolidator.readers import read_document  # noqa: E402
from consolidator.session import session_from, session_to_json  # noqa: E402

GOLDEN = ROOT / "tests" / "data" / "golden"
METADATA = PolicyMetadata(council="Fernbrook District Council", version="1.0", status="Draft",
                          date=date(2026, 12, 1), owner="Head of ICT", author="Policy team")
# The times of the export: the core properties' and each comment's.
_TIMES = re.compile(rb"<dcterms:(created|modified)[^>]*>[^<]*</dcterms:\1>|\sw:date=\"[^\"]*\"")


def sample_draft() -> tuple[list, MergePlan]:
    docs = [read_document(p) for p in sample_policies()]
    alignment = align_sections(docs)
    analysis = analyse_clauses(docs, alignment)
    from consolidator.consolidation.draft import draft_plan

    return docs, draft_plan(docs, alignment, analysis.clusters, analysis.conflicts)


def export_fingerprint(docs, plan: MergePlan, folder: Path, name: str) -> dict[str, str]:
    """Returns part name -> SHA-256 of the exported .docx's parts (times left out)."""
    from consolidator.writers.policy_docx import export_policy

    out = export_policy(consolidate(docs, plan), folder / f"{name}.docx", METADATA)
    with zipfile.ZipFile(out) as z:
        return {part: hashlib.sha256(_TIMES.sub(b"", z.read(part))).hexdigest()
                for part in sorted(z.namelist())}


def _chapters(plan: MergePlan):
    return [s for s in plan.sections if s.level == 1 and s.clause_ids]


def exclusions_and_moves(plan: MergePlan) -> list[Decision]:
    chapters = _chapters(plan)
    first, second = chapters[1], chapters[2]
    return [
        Decision(DecisionKind.EXCLUDE, first.clause_ids[0]),
        Decision(DecisionKind.EXCLUDE, chapters[-2].id),
        Decision(DecisionKind.MOVE, first.clause_ids[1], value=second.id),
        Decision(DecisionKind.RENAME, second.id, value="Rules for everyone"),
        Decision(DecisionKind.REORDER, second.id, order=tuple(reversed(second.clause_ids))),
    ]


def section_edits(plan: MergePlan) -> list[Decision]:
    chapters = _chapters(plan)
    target, donor, merged = chapters[3], chapters[4], chapters[5]
    added = "p-new-golden01"
    split_at = target.clause_ids[len(target.clause_ids) // 2]
    return [
        Decision(DecisionKind.ADD_SECTION, added, value="Working from home", parent=target.id),
        Decision(DecisionKind.MOVE, donor.clause_ids[0], value=added),
        Decision(DecisionKind.SPLIT, target.id, value=split_at),
        Decision(DecisionKind.RENAME, split_section_id(target.id, split_at),
                 value="More about this"),
        Decision(DecisionKind.MERGE_SECTION, merged.id, value=donor.id),
        Decision(DecisionKind.REORDER, "outline",
                 order=tuple(s.id for s in reversed(plan.sections) if s.level == 1)),
    ]


def wordings(plan: MergePlan) -> list[Decision]:
    conflicts = plan.conflicts
    a, b = plan.conflict_clauses(conflicts[0])
    combined = next(c for c in plan.clauses if c.status is ClauseStatus.COMBINED)
    merged = next(c for c in plan.clauses if c.status is ClauseStatus.MERGED)
    unique = next(c for c in plan.clauses if c.status is ClauseStatus.UNIQUE and len(c.text) > 80)
    return [
        Decision(DecisionKind.CHOOSE, conflicts[0].id, value=b),
        Decision(DecisionKind.KEEP, conflicts[1].id),
        Decision(DecisionKind.CUSTOM, unique.id, value="Staff must follow this Digital Policy."),
        Decision(DecisionKind.COMBINE, combined.id, value=combined.text + " (as agreed)"),
        Decision(DecisionKind.CHOOSE, merged.id, value=merged.sources[-1].key),
        Decision(DecisionKind.INCLUDE, "p-document-control"),
    ]


SESSIONS = {"exclusions-and-moves": exclusions_and_moves, "section-edits": section_edits,
            "wordings": wordings}


def refingerprint() -> int:
    """Fingerprints the exports of the saved sessions as they are (made by older code), applied
    to today's draft as `merge --session` does: for a deliberate change of what the export
    holds, keeping the proof that older sessions still apply whole."""
    import tempfile

    from consolidator.session import session_from_json

    docs, draft = sample_draft()
    fingerprints: dict[str, dict[str, str]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name in SESSIONS:
            session = session_from_json((GOLDEN / f"{name}.json").read_text(encoding="utf-8"))
            saved = type(draft)(draft.sections, draft.clauses, draft.conflicts,
                                session.all_decisions, draft.blanks)
            plan, dropped = saved.rebased(draft)
            assert not dropped, (name, dropped)
            fingerprints[name] = export_fingerprint(docs, plan, Path(tmp), name)
            print(f"{name}: {len(plan.decisions)} decisions, {len(fingerprints[name])} parts")
    (GOLDEN / "exports.json").write_text(json.dumps(fingerprints, indent=1, sort_keys=True)
                                         + "\n", encoding="utf-8")
    return 0


def main() -> int:
    import tempfile

    if sys.argv[1:] == ["--exports-only"]:
        return refingerprint()
    docs, draft = sample_draft()
    GOLDEN.mkdir(parents=True, exist_ok=True)
    fingerprints: dict[str, dict[str, str]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, make in SESSIONS.items():
            decisions = make(draft)
            plan, dropped = draft.with_valid_decisions(decisions)
            assert not dropped, (name, dropped)
            session = session_from(docs, (), plan.decisions)
            text = session_to_json(session)
            # sample paths are machine-specific: the test reads the sources from the samples
            data = json.loads(text)
            for source in data["sources"]:
                source["path"] = Path(source["path"]).name
            (GOLDEN / f"{name}.json").write_text(json.dumps(data, ensure_ascii=False, indent=1)
                                                 + "\n", encoding="utf-8")
            fingerprints[name] = export_fingerprint(docs, plan, Path(tmp), name)
            print(f"{name}: {len(plan.decisions)} decisions, {len(fingerprints[name])} parts")
    (GOLDEN / "exports.json").write_text(json.dumps(fingerprints, indent=1, sort_keys=True)
                                         + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
