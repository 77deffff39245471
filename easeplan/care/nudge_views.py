"""Clients drifting off their plan: nudges, the opt-out, the one-click next time."""

from __future__ import annotations

from typing import Any


def drift_for_plan(plan: Any) -> dict[str, Any]:
    """What the plan page shows of this area (a constant number of queries)."""
    return {}
