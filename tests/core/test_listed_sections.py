"""A document's sections are listed once while it is in use (on the worker that read it)."""

from __future__ import annotations

import gc
from dataclasses import replace

from consolidator.sections import _listed, forget_listed, iter_sections, listed_sections
from tests.helpers.plans import DOCS


def test_listed_sections_are_the_documents_sections_in_order() -> None:
    doc = DOCS[0]
    assert [s.id for s in listed_sections(doc)] == [s.id for s in iter_sections(doc)]
    assert listed_sections(doc) is listed_sections(doc)  # listed once, then found


def test_another_document_with_the_same_id_gets_its_own_list() -> None:
    doc = DOCS[0]
    shorter = replace(doc, blocks=doc.blocks[: len(doc.blocks) // 2])
    assert len(listed_sections(shorter)) < len(listed_sections(doc))


def test_the_list_goes_with_the_document() -> None:
    doc = replace(DOCS[1], blocks=tuple(DOCS[1].blocks))
    key = id(doc)
    listed_sections(doc)
    assert key in _listed
    del doc
    gc.collect()
    assert key not in _listed


def test_a_document_s_list_can_be_taken_to_be_let_go_of_with_it() -> None:
    doc = replace(DOCS[0], blocks=tuple(DOCS[0].blocks))
    listed = listed_sections(doc)
    assert forget_listed(doc) is listed
    assert id(doc) not in _listed
    assert forget_listed(doc) == ()
