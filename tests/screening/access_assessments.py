"""Staff routes of this area for tests/practice/test_access.py: name -> (method, roles)."""

from __future__ import annotations

from ..conftest import World
from ..factories import AssessmentFactory, ReferralFactory

OWNER = {"owner"}
CLINICIANS = {"owner", "therapist"}
ALL = {"owner", "therapist", "front_desk"}

ROUTES: dict[str, tuple[str, set[str]]] = {
    "assessments:new": ("GET", CLINICIANS),
    "assessments:detail": ("GET", CLINICIANS),
    "assessments:referral": ("GET", CLINICIANS),
    "assessments:letter": ("GET", CLINICIANS),
}


def kwargs_for(name: str, w: World) -> dict[str, object] | None:
    """URL kwargs for one of ROUTES, or None when the name is not this module's."""
    if name == "assessments:new":
        return {"code": w.client.code}
    if name in {"assessments:detail", "assessments:referral"}:
        return {"code": AssessmentFactory(practice=w.practice, client=w.client).code}
    if name == "assessments:letter":
        assessment = AssessmentFactory(practice=w.practice, client=w.client)
        return {"code": ReferralFactory(practice=w.practice, assessment=assessment).code}
    return None
