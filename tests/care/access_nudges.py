"""Staff routes of nudges and attendance for tests/practice/test_access.py."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from ..conftest import World
from ..factories import AppointmentFactory

CLINICIANS = {"owner", "therapist"}
ALL = {"owner", "therapist", "front_desk"}

# An empty POST to visits:attendance redirects back to the visit with a message (302).
ROUTES: dict[str, tuple[str, set[str]]] = {"visits:attendance": ("POST", ALL)}


def kwargs_for(name: str, w: World) -> dict[str, object] | None:
    """URL kwargs for one of ROUTES, or None when the name is not this module's."""
    if name == "visits:attendance":
        yesterday = timezone.now() - dt.timedelta(days=1)
        visit = AppointmentFactory(
            practice=w.practice, therapist=w.therapist, client=w.client, starts_at=yesterday
        )
        return {"code": visit.code}
    return None
