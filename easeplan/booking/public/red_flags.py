"""The online booking doors' red-flag check: the advice instead of times.

Every door a client books or moves through online (the booking page, its confirm step,
the move link, series booking, the waitlist and its claim link, the nudge's booking link)
calls `held_page` first. It asks the one check (screening.holds.stop_for) about the
signed-in or linked client and the browser session, and answers the self-check's red-flag
advice with a "the practice will contact you" line, or None when booking may go on.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse

# The refusal the booking services raise for a held client, raised here too.
from easeplan.booking.services import HeldByRedFlag as HeldByRedFlag
from easeplan.lib import htmx
from easeplan.practice.models import Client, Practice
from easeplan.screening.holds import services as holds


def stop_for(request: HttpRequest, client: Client | None) -> holds.Stop | None:
    """Why online booking is stopped for this browser and client, or None. A red flag
    the session's self-check raised becomes the client's hold once they are known (signed
    in as that client)."""
    if client is not None and client.user_id and client.user_id == request.user.pk:
        holds.carry_session_flags(request.session, client, actor=request.user)
    return holds.stop_for(client=client, session=request.session)


def context_for(stop: holds.Stop, practice: Practice, client: Client | None) -> dict[str, Any]:
    return {"stop": stop, "held_practice": practice, "held_client": client}


def held_page(
    request: HttpRequest,
    practice: Practice,
    client: Client | None,
    *,
    status: int | None = None,
    **extra: Any,
) -> HttpResponse | None:
    """The red-flag advice page when booking online is stopped, else None."""
    stop = stop_for(request, client)
    if stop is None:
        return None
    context = context_for(stop, practice, client) | extra
    if status is None:
        status = 200 if request.method in ("GET", "HEAD") else 409
    held, part = "booking/public/held.html", "booking/public/partials/_held.html"
    return htmx.render_page(request, held, context, fragment=part, status=status)
