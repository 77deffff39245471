"""Staff routes of this area for tests/practice/test_access.py."""

from __future__ import annotations

from ..conftest import World

ALL = {"owner", "therapist", "front_desk"}

# Every staff role may write to a client (the front desk about scheduling).
ROUTES: dict[str, tuple[str, set[str]]] = {"portal:send": ("POST", ALL)}


def kwargs_for(name: str, w: World) -> dict[str, object] | None:
    """URL kwargs for one of ROUTES, or None when the name is not this module's."""
    if name == "portal:send":
        return {"code": w.client.code}
    return None
