"""Staff routes of SOAP notes for tests/practice/test_access.py."""

from __future__ import annotations

from ..conftest import World
from ..factories import AppointmentFactory, PlanOfCareFactory, SessionNoteFactory

CLINICIANS = {"owner", "therapist"}

# An empty POST to sign or amend redirects back to the note with a message (302): there
# is nothing to sign, and an amendment needs text.
ROUTES: dict[str, tuple[str, set[str]]] = {
    "notes:due": ("GET", CLINICIANS),
    "notes:visit": ("GET", CLINICIANS),
    "notes:sign": ("POST", CLINICIANS),
    "notes:amend": ("POST", CLINICIANS),
    "notes:print": ("GET", CLINICIANS),
    "notes:plan_print": ("GET", CLINICIANS),
}


def kwargs_for(name: str, w: World) -> dict[str, object] | None:
    """URL kwargs for one of ROUTES, or None when the name is not this module's."""
    if name == "notes:due":
        return {}
    if name in {"notes:visit", "notes:sign", "notes:amend"}:
        visit = AppointmentFactory(practice=w.practice, therapist=w.therapist, client=w.client)
        return {"code": visit.code}
    if name == "notes:print":
        visit = AppointmentFactory(practice=w.practice, therapist=w.therapist, client=w.client)
        return {"code": SessionNoteFactory(appointment=visit).appointment.code}
    if name == "notes:plan_print":
        return {"code": PlanOfCareFactory(practice=w.practice, client=w.client).code}
    return None
