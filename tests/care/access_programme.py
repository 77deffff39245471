"""Staff routes of the home programme for tests/practice/test_access.py."""

from __future__ import annotations

from ..conftest import World
from ..factories import PlanOfCareFactory, PrescriptionFactory

CLINICIANS = {"owner", "therapist"}

# An empty POST to stop still stops the prescription and redirects to the plan (302).
ROUTES: dict[str, tuple[str, set[str]]] = {
    "programme:library": ("GET", CLINICIANS),
    "programme:prescribe": ("GET", CLINICIANS),
    "programme:stop": ("POST", CLINICIANS),
}


def kwargs_for(name: str, w: World) -> dict[str, object] | None:
    """URL kwargs for one of ROUTES, or None when the name is not this module's."""
    if name == "programme:library":
        return {}
    if name == "programme:prescribe":
        return {"code": PlanOfCareFactory(practice=w.practice, client=w.client).code}
    if name == "programme:stop":
        plan = PlanOfCareFactory(practice=w.practice, client=w.client)
        return {"code": PrescriptionFactory(plan=plan).code}
    return None
