"""Staff routes of this area for tests/practice/test_access.py."""

from __future__ import annotations

from ..conftest import World

ROUTES: dict[str, tuple[str, set[str]]] = {}


def kwargs_for(name: str, w: World) -> dict[str, object] | None:
    """URL kwargs for one of ROUTES, or None when the name is not this module's."""
    return None
