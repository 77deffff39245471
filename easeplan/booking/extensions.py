"""What higher apps add to booking's own pages, registered when their app is ready, so
booking imports none of them (docs/decisions/0002-layers.md).

- after an online booking: care keeps the visitor's self-check for the client's intake;
- the confirmation page: care adds the link to the health questions while they are due;
- after a move: care's series offers to move the plan's later visits the same way.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest

from .models import Appointment

AfterBooking = Callable[[HttpRequest, Appointment], None]
DoneContext = Callable[[Appointment], dict[str, Any]]
ShiftOffered = Callable[[Appointment], bool]

_after_booking: list[AfterBooking] = []
_done_context: list[DoneContext] = []
_shift_offered: list[ShiftOffered] = []


def register(
    *,
    after_booking: AfterBooking | None = None,
    done_context: DoneContext | None = None,
    shift_offered: ShiftOffered | None = None,
) -> None:
    """Called from a higher app's `AppConfig.ready()`; registering twice changes nothing."""
    for hook, hooks in (
        (after_booking, _after_booking),
        (done_context, _done_context),
        (shift_offered, _shift_offered),
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
