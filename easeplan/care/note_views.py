"""SOAP notes: the note of a visit, its amendments, and the notes due."""

from __future__ import annotations

from typing import Any


def notes_for_plan(plan: Any) -> dict[str, Any]:
    """What the plan page shows of this area (a constant number of queries)."""
    return {}
