"""Staff routes of plans of care for tests/practice/test_access.py."""

from __future__ import annotations

from ..conftest import World
from ..factories import PlanOfCareFactory

CLINICIANS = {"owner", "therapist"}

ROUTES: dict[str, tuple[str, set[str]]] = {
    "plans:new": ("GET", CLINICIANS),
    "plans:detail": ("GET", CLINICIANS),
    "plans:edit": ("GET", CLINICIANS),
    "plans:status": ("POST", CLINICIANS),
    "plans:review": ("GET", CLINICIANS),
}


def kwargs_for(name: str, w: World) -> dict[str, object] | None:
    """URL kwargs for one of ROUTES, or None when the name is not this module's."""
    if name == "plans:new":
        return {"code": w.client.code}
    if name in ROUTES:
        return {"code": PlanOfCareFactory(practice=w.practice, client=w.client).code}
    return None
