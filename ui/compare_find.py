"""Find in the Compare view: every match of the text on either side (the bar is ui/find_bar.py)."""

from __future__ import annotations

from dataclasses import dataclass

from ui.compare_model import ComparePresentation


@dataclass(frozen=True)
class Match:
    row: int
    side: int  # 0 left, 1 right
    start: int
    end: int


def find_matches(presentation: ComparePresentation | None, text: str) -> list[Match]:
    """Returns every case-insensitive occurrence of `text`, in row order, left before right."""
    needle = text.casefold()
    if presentation is None or not needle:
        return []
    out: list[Match] = []
    for row, item in enumerate(presentation.rows):
        for side, side_text in enumerate((item.left, item.right)):
            if side_text is None:
                continue
            hay = side_text.text.casefold()
            if len(hay) != len(side_text.text):  # casefold changed lengths: use lower()
                hay = side_text.text.lower()
            start = hay.find(needle)
            while start >= 0:
                out.append(Match(row, side, start, start + len(needle)))
                start = hay.find(needle, start + max(1, len(needle)))
    return out
