"""Requirement identifiers printed on a line of their own above their rule ("POL.ITAUP.001"):
policies in the civil-service style number each requirement so audits can cite it."""

from __future__ import annotations

import re

# Two separators at least: "POL.ITAUP.001", not an acronym such as "UK-GDPR" or "COVID-19".
_ID = re.compile(r"^[A-Z]{2,}[A-Z0-9]*(?:[.\-][A-Z0-9]+){2,}$")


def is_requirement_id(text: str) -> bool:
    """Returns True for a line holding only a requirement identifier ("POL.ITAUP.001")."""
    return bool(_ID.match(text.strip()))
