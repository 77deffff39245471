"""Emails of hosted sign-up."""

from __future__ import annotations

from easeplan.lib.emails import recipient_language, send

from ..models import SignupRequest
from .links import LINK_LIFETIME, verify_url


def signup_link(request: SignupRequest, language: str = "") -> None:
    """The link that proves the address and opens the setup of a new practice, in the
    language of the page the person asked from (there is no practice yet)."""
    send(
        "signup-link",
        [request.email],
        {"url": verify_url(request.code), "hours": int(LINK_LIFETIME.total_seconds() // 3600)},
        language=recipient_language(language),
    )
