"""Progress and cancellation callbacks shared by every long call, in the CLI and the GUI alike."""

from __future__ import annotations

from collections.abc import Callable

from consolidator.errors import Cancelled

Progress = Callable[[float, str], None]  # (fraction done 0..1, what is happening)
CancelCheck = Callable[[], bool]  # returns True when the user asked to stop


def report(progress: Progress | None, fraction: float, message: str = "") -> None:
    """Calls `progress` when one was given, with the fraction clamped to 0..1."""
    if progress is not None:
        progress(min(1.0, max(0.0, fraction)), message)


def check_cancel(cancel: CancelCheck | None) -> None:
    """Raises Cancelled when the user asked to stop."""
    if cancel is not None and cancel():
        raise Cancelled("Cancelled by the user.")
