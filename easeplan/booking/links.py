"""Signed links that let a client manage a visit from their email, without a password."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from easeplan.lib import signed

from .models import Appointment

SALT = "easeplan.booking.manage-visit"


def manage_token(appointment: Appointment) -> str:
    """The same token every time for a visit: emails sent at different times agree."""
    return signed.sign_code(appointment.code, salt=SALT)


def manage_url(appointment: Appointment) -> str:
    return f"{settings.SITE_URL}{reverse('booking:manage', args=[manage_token(appointment)])}"


def code_from_token(token: str) -> str | None:
    """The visit's code, or None for a tampered or foreign token."""
    return signed.code_from_token(token, salt=SALT)
