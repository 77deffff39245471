"""Staff routes of series booking for tests/practice/test_access.py.

The front desk books a plan's visits too (it sees dates, service and therapist only).
"""

from __future__ import annotations

from ..conftest import World
from ..factories import AppointmentFactory, PlanOfCareFactory

ALL = {"owner", "therapist", "front_desk"}

ROUTES: dict[str, tuple[str, set[str]]] = {
    "series:propose": ("GET", ALL),
    "series:shift": ("GET", ALL),
}


def kwargs_for(name: str, w: World) -> dict[str, object] | None:
    """URL kwargs for one of ROUTES, or None when the name is not this module's."""
    if name not in ROUTES:
        return None
    plan = PlanOfCareFactory(
        practice=w.practice,
        client=w.client,
        therapist=w.therapist,
        service=w.practice.services.first(),
    )
    if name == "series:propose":
        return {"code": plan.code}
    visit = AppointmentFactory(
        practice=w.practice, therapist=w.therapist, client=w.client, plan=plan
    )
    return {"code": visit.code}
