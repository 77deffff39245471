"""Staff routes of this area for tests/practice/test_access.py: name -> (method, roles)."""

from __future__ import annotations

from ..conftest import World

OWNER = {"owner"}
CLINICIANS = {"owner", "therapist"}
ALL = {"owner", "therapist", "front_desk"}

ROUTES: dict[str, tuple[str, set[str]]] = {"intake:staff_intake": ("GET", CLINICIANS)}


def kwargs_for(name: str, w: World) -> dict[str, object] | None:
    """URL kwargs for one of ROUTES, or None when the name is not this module's."""
    if name == "intake:staff_intake":
        return {"code": w.client.code}
    return None
