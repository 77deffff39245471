"""Emails about deleting a client's account."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from easeplan.lib.emails import recipient_language, send


def deletion_requested(request: Any) -> None:
    """Tell the practice a client asked to delete their account: the name and a link to
    the requests page, no health details (the reason stays in easeplan)."""
    context = {
        "client_name": request.client.full_name,
        "practice": request.practice,
        "requested_at": request.requested_at,
        "url": reverse("privacy:requests"),
    }
    send(
        "privacy-requested",
        [request.practice.email],
        context,
        language=recipient_language(request.practice.language),
    )


def deletion_carried_out(address: str, context: dict[str, Any], language: str = "") -> None:
    """Confirm to the client (at the address they had) what was deleted and until when
    the practice keeps the clinical record."""
    send(
        "privacy-erased",
        [address],
        context,
        reply_to=[context["practice"].email],
        language=recipient_language(language, context["practice"].language),
    )
