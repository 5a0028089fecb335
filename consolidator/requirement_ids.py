"""Requirement identifiers printed on a line of their own above their rule ("POL.ITAUP.001"):
policies in the civil-service style number each requirement so audits can cite it."""

from __future__ import annotations

import re

from consolidator.model import BlockKind, MergedClause

# Two separators at least: "POL.ITAUP.001", not an acronym such as "UK-GDPR" or "COVID-19".
_ID = re.compile(r"^[A-Z]{2,}[A-Z0-9]*(?:[.\-][A-Z0-9]+){2,}$")


def is_requirement_id(text: str) -> bool:
    """Returns True for a line holding only a requirement identifier ("POL.ITAUP.001")."""
    return bool(_ID.match(text.strip()))


def labels_next(clause: MergedClause, following: MergedClause | None,
                before: MergedClause | None) -> bool:
    """Returns True for a requirement identifier standing above the paragraph it labels: a
    line kept with its rule, not a bullet (not the last item of a list of identifiers; after a
    list of other things, as when a labelled rule was gathered after a section's list). The
    export and the window's preview print it alike."""
    in_a_list = clause.kind is BlockKind.LIST_ITEM and before is not None and (
        before.kind is BlockKind.LIST_ITEM) and is_requirement_id(before.text)
    return (clause.kind in (BlockKind.LIST_ITEM, BlockKind.PARAGRAPH) and not in_a_list
            and following is not None and following.kind is BlockKind.PARAGRAPH
            and following.table is None and is_requirement_id(clause.text))
