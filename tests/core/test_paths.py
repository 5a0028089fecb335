"""File names made from titles: what Windows refuses is taken out (consolidator.paths)."""

from __future__ import annotations

import pytest

from consolidator.paths import safe_file_name


@pytest.mark.parametrize("title, expected", [
    ("Digital Policy", "Digital Policy"),
    ("Digital Policy: 2025/26", "Digital Policy 2025-26"),
    ('Email <draft> "v2" | ICT\\Comms?*', "Email draft v2 - ICT-Comms"),
    ("Tab\there\nnew line\x00\x1f\x7f", "Tab here new line"),
    ("Policy v2.", "Policy v2"),
    ("Policy v2 . . ", "Policy v2"),
    ("  spaced   out  ", "spaced out"),
    ("Social media \u2192 Digital (Fernbrook) \u00e9t\u00e9", "Social media \u2192 Digital "
     "(Fernbrook) \u00e9t\u00e9"),
    ("CON", "CON_"),
    ("nul", "nul_"),
    ("Com1.v2", "Com1_.v2"),
    ("LPT9 ", "LPT9_"),
    ("AUX:", "AUX_"),
    ("CONSULTATION", "CONSULTATION"),
    ("COM10", "COM10"),
    ("", "Digital Policy"),
    ("...", "Digital Policy"),
    ('<>:"?*', "Digital Policy"),
])
def test_safe_file_name(title, expected):
    assert safe_file_name(title) == expected


def test_safe_file_name_is_cut_to_length_and_keeps_a_fallback():
    assert safe_file_name("x" * 300) == "x" * 120
    assert safe_file_name("a" * 119 + " .b", max_length=121) == "a" * 119
    assert safe_file_name("???", fallback="Changes") == "Changes"


def test_every_character_windows_forbids_is_gone():
    name = safe_file_name("".join(map(chr, range(0, 128))) + " end")
    assert not set(name) & set('<>:"/\\|?*') and all(ord(c) >= 32 for c in name)
    assert not name.endswith((".", " "))
