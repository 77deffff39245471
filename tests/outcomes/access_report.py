"""Staff routes of the progress report for tests/practice/test_access.py."""

from __future__ import annotations

from ..conftest import World
from ..factories import PlanOfCareFactory

CLINICIANS = {"owner", "therapist"}

ROUTES: dict[str, tuple[str, set[str]]] = {
    "reports:plan": ("GET", CLINICIANS),
    "reports:plan_pdf": ("GET", CLINICIANS),
    "reports:summary": ("POST", CLINICIANS),
}


def kwargs_for(name: str, w: World) -> dict[str, object] | None:
    """URL kwargs for one of ROUTES, or None when the name is not this module's."""
    if name in ROUTES:
        plan = PlanOfCareFactory(practice=w.practice, client=w.client, therapist=w.therapist)
        return {"code": plan.code}
    return None
