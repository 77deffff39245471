"""An installation with no practice yet leads every page to the setup wizard.

Whether a practice exists is asked of the database until the answer is yes, then kept by
the process: a practice is created once and rarely removed, so a running site pays no
query per page for it. Saving a practice says yes at once; deleting one makes the next
request ask again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from easeplan.practice.models import Practice

# Pages that work before any practice exists: the wizard itself, static files, the load
# balancer's probe, and the operator's way in (allauth's sign-in, the Django admin).
OPEN_BEFORE_SETUP = (
    "/setup/",
    "/static/",
    "/media/",
    "/health/",
    "/admin/",
    "/accounts/",
    # The installable app's shell: it names no one, so it needs no practice.
    "/sw.js",
    "/manifest.webmanifest",
    "/offline/",
)

_state: dict[str, bool] = {}


def practice_exists() -> bool:
    if not _state.get("exists"):
        _state["exists"] = Practice.objects.exists()
    return _state["exists"]


def forget() -> None:
    """Ask the database again on the next request (tests, and a deleted practice)."""
    _state.clear()


def practice_saved(**kwargs: Any) -> None:
    _state["exists"] = True


def practice_deleted(**kwargs: Any) -> None:
    forget()


class FirstRunMiddleware:
    """Sends every page but OPEN_BEFORE_SETUP to /setup/ while no practice exists (not
    with hosted sign-up on: there practices start at /start/)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.EASEPLAN_PRACTICE_SIGNUP:
            # A host of many practices: the setup link's wizard doesn't take over the
            # sign-up's host; the hosting domain's home page leads to /start/ instead.
            return self.get_response(request)
        if not request.path_info.startswith(OPEN_BEFORE_SETUP) and not practice_exists():
            return redirect("onboarding:start")
        return self.get_response(request)
