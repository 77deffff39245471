"""Booking a plan's whole series of visits at once."""

from __future__ import annotations

from typing import Any


def series_for_plan(plan: Any) -> dict[str, Any]:
    """What the plan page shows of this area (a constant number of queries)."""
    return {}


def series_for_client(plan: Any) -> dict[str, Any]:
    """What the plan page shows of this area (a constant number of queries)."""
    return {}
