"""Staff routes of progress pages for tests/practice/test_access.py."""

from __future__ import annotations

from ..conftest import World
from ..factories import PlanOfCareFactory

CLINICIANS = {"owner", "therapist"}

ROUTES: dict[str, tuple[str, set[str]]] = {"progress:plan": ("GET", CLINICIANS)}


def kwargs_for(name: str, w: World) -> dict[str, object] | None:
    """URL kwargs for one of ROUTES, or None when the name is not this module's."""
    if name == "progress:plan":
        plan = PlanOfCareFactory(practice=w.practice, client=w.client, therapist=w.therapist)
        return {"code": plan.code}
    return None
