"""Staff routes of outcome check-ins for tests/practice/test_access.py."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from ..conftest import World
from ..factories import AppointmentFactory

CLINICIANS = {"owner", "therapist"}

ROUTES: dict[str, tuple[str, set[str]]] = {"outcomes:staff_visit": ("GET", CLINICIANS)}


def kwargs_for(name: str, w: World) -> dict[str, object] | None:
    """URL kwargs for one of ROUTES, or None when the name is not this module's."""
    if name == "outcomes:staff_visit":
        soon = timezone.now() + dt.timedelta(hours=1)  # its check-in is open
        visit = AppointmentFactory(
            practice=w.practice, therapist=w.therapist, client=w.client, starts_at=soon
        )
        return {"code": visit.code}
    return None
