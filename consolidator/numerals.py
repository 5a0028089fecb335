"""Numbers as Word shows them in list labels: letters (a..z, aa..zz) and Roman numerals.

Shared by the readers (which write the labels a source shows) and the outline numbering of the
Digital Policy (which writes its own).
"""

from __future__ import annotations

LOWER_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def doubled_letters(value: int, letters: str = LOWER_LETTERS) -> str:
    """Returns Word's letter numbering over `letters`: a..z, then aa..zz, then aaa..."""
    if value <= 0:
        return str(value)
    count = len(letters)
    return letters[(value - 1) % count] * ((value - 1) // count + 1)


def roman_numeral(value: int) -> str:
    """Returns `value` in lower-case Roman numerals (i, iv, mmxxvi); digits outside 1-3999."""
    if not 0 < value < 4000:
        return str(value)
    out = []
    for number, numeral in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"),
                            (90, "xc"), (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"),
                            (4, "iv"), (1, "i")):
        while value >= number:
            out.append(numeral)
            value -= number
    return "".join(out)
