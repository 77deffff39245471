"""Staff routes of the practice outcomes dashboard for tests/practice/test_access.py."""

from __future__ import annotations

from ..conftest import World

OWNER = {"owner"}

ROUTES: dict[str, tuple[str, set[str]]] = {
    "insights:dashboard": ("GET", OWNER),
    "insights:csv": ("GET", OWNER),
}


def kwargs_for(name: str, w: World) -> dict[str, object] | None:
    """URL kwargs for one of ROUTES, or None when the name is not this module's."""
    if name in ROUTES:
        return {}
    return None
