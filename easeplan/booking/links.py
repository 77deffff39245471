"""Signed links that let a client manage a visit from their email, without a password."""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.urls import reverse

from .models import Appointment

SALT = "easeplan.booking.manage-visit"


def manage_token(appointment: Appointment) -> str:
    """The same token every time for a visit: emails sent at different times agree."""
    return signing.Signer(salt=SALT).sign_object(appointment.code)


def manage_url(appointment: Appointment) -> str:
    return f"{settings.SITE_URL}{reverse('booking:manage', args=[manage_token(appointment)])}"


def code_from_token(token: str) -> str | None:
    """The visit's code, or None for a tampered or foreign token."""
    try:
        code = signing.Signer(salt=SALT).unsign_object(token)
    except signing.BadSignature:
        return None
    return code if isinstance(code, str) else None
