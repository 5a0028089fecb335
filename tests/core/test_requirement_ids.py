"""A requirement's identifier ("POL.ITAUP.001") prints on a line of its own kept with the rule
under it: not a bullet standing alone, never stranded at the foot of a page."""

from dataclasses import replace

import docx
from docx.oxml.ns import qn

from consolidator.model import BlockKind, MergedClause, MergedSection, Run
from consolidator.requirement_ids import is_requirement_id
from tests.core.test_export import METADATA, para, ref, sample_policy, validate

RULE = "All Users must be made aware of this policy."


def _with_labelled_rule(policy):
    label = MergedClause("c-label", BlockKind.LIST_ITEM, (Run("POL.ITAUP.001", bold=True),),
                         numbered=False, sources=(ref("docemail", "2"),))
    section = MergedSection("s-req", "Requirements", 1,
                            clauses=(label, para("c-rule", RULE, ref("docemail", "2", 1))),
                            sources=(ref("docemail", "2"),))
    return replace(policy, sections=(*policy.sections, section))


def test_an_identifier_is_a_line_kept_with_its_rule(tmp_path):
    from consolidator.writers.policy_docx import export_policy

    path = export_policy(_with_labelled_rule(sample_policy()), tmp_path / "p.docx", METADATA)
    validate(path)
    paragraphs = docx.Document(str(path)).paragraphs
    n = next(i for i, p in enumerate(paragraphs) if p.text == "POL.ITAUP.001")
    label = paragraphs[n]._p
    assert label.pPr.numPr is None  # no bullet
    assert label.pPr.find(qn("w:keepNext")) is not None
    assert paragraphs[n + 1].text == RULE


def test_an_identifier_after_a_bulleted_list_is_a_line_not_another_bullet(tmp_path):
    from consolidator.writers.policy_docx import export_policy

    policy = _with_labelled_rule(sample_policy())
    section = policy.sections[-1]
    bullets = tuple(MergedClause(f"c-b{n}", BlockKind.LIST_ITEM, (Run(text),), numbered=False,
                                 sources=(ref("docemail", "2"),))
                    for n, text in enumerate(("Suspension of access.", "Dismissal.")))
    section = replace(section, clauses=(para("c-lead", "Breaches could result in:",
                                             ref("docemail", "2")), *bullets,
                                        *section.clauses))
    path = export_policy(replace(policy, sections=(*policy.sections[:-1], section)),
                         tmp_path / "p.docx", METADATA)
    paragraphs = docx.Document(str(path)).paragraphs
    n = next(i for i, p in enumerate(paragraphs) if p.text == "POL.ITAUP.001")
    assert paragraphs[n - 1].text == "Dismissal." and paragraphs[n - 1]._p.pPr.numPr is not None
    assert paragraphs[n]._p.pPr.numPr is None  # not a third consequence
    assert paragraphs[n + 1].text == RULE


def test_only_a_bare_identifier_is_one():
    assert is_requirement_id("POL.ITAUP.001") and is_requirement_id(" ISMS-A-5.1 ")
    assert not is_requirement_id("POL.ITAUP.001 All Users must comply.")
    assert not is_requirement_id("Email") and not is_requirement_id("U.K.")
    assert not any(map(is_requirement_id, ("UK-GDPR", "NHS-E", "COVID-19", "ISO-27001")))
