"""The home programme: what is prescribed, ticked off, and adherence."""

from __future__ import annotations

from typing import Any


def programme_for_plan(plan: Any) -> dict[str, Any]:
    """What the plan page shows of this area (a constant number of queries)."""
    return {}


def programme_for_client(plan: Any) -> dict[str, Any]:
    """What the plan page shows of this area (a constant number of queries)."""
    return {}
