"""Emails of hosted sign-up."""

from __future__ import annotations

from easeplan.lib.emails import send

from ..models import SignupRequest
from .links import LINK_LIFETIME, verify_url


def signup_link(request: SignupRequest) -> None:
    """The link that proves the address and opens the setup of a new practice."""
    send(
        "signup-link",
        [request.email],
        {"url": verify_url(request.code), "hours": int(LINK_LIFETIME.total_seconds() // 3600)},
    )
