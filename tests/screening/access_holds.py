"""Staff routes of red-flag holds for tests/practice/test_access.py: name -> (method, roles)."""

from __future__ import annotations

from ..conftest import World

CLINICIANS = {"owner", "therapist"}

ROUTES: dict[str, tuple[str, set[str]]] = {
    "holds:clear": ("POST", CLINICIANS),
}


def kwargs_for(name: str, w: World) -> dict[str, object] | None:
    """URL kwargs for one of ROUTES, or None when the name is not this module's."""
    if name == "holds:clear":
        return {"code": w.client.code}
    return None
