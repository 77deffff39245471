"""Staff routes of this area for tests/practice/test_access.py."""

from __future__ import annotations

from easeplan.privacy.models import DeletionRequest

from ..conftest import World

ROUTES: dict[str, tuple[str, set[str]]] = {
    "privacy:requests": ("GET", {"owner", "therapist", "front_desk"}),
    "privacy:carry_out": ("POST", {"owner"}),
}


def kwargs_for(name: str, w: World) -> dict[str, object] | None:
    """URL kwargs for one of ROUTES, or None when the name is not this module's."""
    if name == "privacy:requests":
        return {}
    if name == "privacy:carry_out":
        request = DeletionRequest.objects.filter(client=w.client, status="requested").first()
        request = request or DeletionRequest.objects.create(practice=w.practice, client=w.client)
        return {"code": request.code}
    return None
