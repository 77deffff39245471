"""Staff routes of the pre-visit summaries for tests/practice/test_access.py."""

from __future__ import annotations

from ..conftest import World

CLINICIANS = {"owner", "therapist"}

ROUTES: dict[str, tuple[str, set[str]]] = {
    "summaries:day": ("GET", CLINICIANS),
    "summaries:client": ("GET", CLINICIANS),
}


def kwargs_for(name: str, w: World) -> dict[str, object] | None:
    """URL kwargs for one of ROUTES, or None when the name is not this module's."""
    if name == "summaries:client":
        return {"code": w.client.code}
    if name == "summaries:day":
        return {}
    return None
