"""Staff routes of this area for tests/practice/test_access.py: name -> (method, roles)."""

from __future__ import annotations

from ..conftest import World
from ..factories import AppointmentFactory

OWNER = {"owner"}
CLINICIANS = {"owner", "therapist"}
ALL = {"owner", "therapist", "front_desk"}

# An empty POST to visit_gluteal redirects back to the visit with a message (302).
ROUTES: dict[str, tuple[str, set[str]]] = {"consents:visit_gluteal": ("POST", CLINICIANS)}


def kwargs_for(name: str, w: World) -> dict[str, object] | None:
    """URL kwargs for one of ROUTES, or None when the name is not this module's."""
    if name == "consents:visit_gluteal":
        appointment = AppointmentFactory(
            practice=w.practice, therapist=w.therapist, client=w.client
        )
        return {"code": appointment.code}
    return None
