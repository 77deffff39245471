"""What the client said before a visit, for a new note: today's pain and a first Subjective
line. The answers live in outcomes, a layer above care, so outcomes hands care its readers
when its app is ready (`read_checkins_with`) instead of care importing them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class CheckinReaders:
    pain: Callable[[Any], int | None]  # "pain now" before the visit, 0–10, or None
    subjective: Callable[[Any], str]  # the answers in one line, or ""


_readers: list[CheckinReaders] = []


def read_checkins_with(readers: CheckinReaders) -> None:
    """Called once by the outcomes app at start-up."""
    if readers not in _readers:
        _readers.append(readers)


def pain_before(visit: Any) -> int | None:
    """Today's pain from the client's check-in before `visit`; None without one."""
    return next((p for r in _readers if (p := r.pain(visit)) is not None), None)


def subjective_line(visit: Any) -> str:
    """The check-in's answers in one line for the note's Subjective, or ""."""
    return next((line for r in _readers if (line := r.subjective(visit))), "")
