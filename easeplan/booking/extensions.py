"""What higher apps add to booking's own pages, registered when their app is ready, so
booking imports none of them (docs/decisions/0002-layers.md).

- after an online booking: care keeps the visitor's self-check for the client's intake;
- the confirmation page: care adds the link to the health questions while they are due;
- after a move: care's series offers to move the plan's later visits the same way;
- the staff pages of a client and a visit: care's summary gives the client's flags (the
  postpone warning, a red-flag hold), care's consent the visit's gluteal-work section.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from django.http import HttpRequest

from easeplan.practice.models import Client

from .models import Appointment


class Flags(Protocol):
    """What booking's staff pages read of a client's flags; the templates read the rest."""

    @property
    def postpone(self) -> bool: ...


class VisitPanel(Protocol):
    def __call__(self, appointment: Appointment, *, role: str | None) -> dict[str, Any]: ...


AfterBooking = Callable[[HttpRequest, Appointment], None]
DoneContext = Callable[[Appointment], dict[str, Any]]
ShiftOffered = Callable[[Appointment], bool]
ClientFlags = Callable[[Client], Flags]

_after_booking: list[AfterBooking] = []
_done_context: list[DoneContext] = []
_shift_offered: list[ShiftOffered] = []
_client_flags: list[ClientFlags] = []
_visit_panels: list[VisitPanel] = []


def register(
    *,
    after_booking: AfterBooking | None = None,
    done_context: DoneContext | None = None,
    shift_offered: ShiftOffered | None = None,
    client_flags: ClientFlags | None = None,
    visit_panel: VisitPanel | None = None,
) -> None:
    """Called from a higher app's `AppConfig.ready()`; registering twice changes nothing."""
    for hook, hooks in (
        (after_booking, _after_booking),
        (done_context, _done_context),
        (shift_offered, _shift_offered),
        (client_flags, _client_flags),
        (visit_panel, _visit_panels),
    ):
        if hook is not None and hook not in hooks:
            hooks.append(hook)  # type: ignore[arg-type]


def booked_online(request: HttpRequest, appointment: Appointment) -> None:
    for hook in _after_booking:
        hook(request, appointment)


def done_context(appointment: Appointment) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for hook in _done_context:
        found |= hook(appointment)
    return found


def shift_offered(moved: Appointment) -> bool:
    """Whether to offer moving the later visits of `moved`'s plan the same way."""
    return any(hook(moved) for hook in _shift_offered)


def client_flags(client: Client) -> Flags | None:
    """`client`'s flags for the staff pages (what their answers say to do); None when no
    app gives them."""
    return next((hook(client) for hook in _client_flags), None)


def visit_panels(appointment: Appointment, *, role: str | None) -> dict[str, Any]:
    """What higher apps add to the staff visit page, for the staff `role` looking at it."""
    found: dict[str, Any] = {}
    for hook in _visit_panels:
        found |= hook(appointment, role=role)
    return found
